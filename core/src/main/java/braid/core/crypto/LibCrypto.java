package braid.core.crypto;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The few OpenSSL 3 EVP functions AES-256-GCM needs, bound through the FFM API.
 *
 * <p>Pointers are passed as {@code long} addresses rather than {@link MemorySegment}s: a packet
 * then costs no segment objects (the data path allocates nothing), and the x86-64 and AArch64
 * C ABIs pass a pointer and a 64-bit integer the same way. The handles are {@code static final}
 * so the JIT can inline them. The per-packet calls are linked as critical: they neither block
 * nor call back into Java, and skipping the thread-state transition halves their fixed cost.
 *
 * <p>Loading may fail (no libcrypto.so.3, or native access denied); {@link #UNAVAILABLE} then
 * says why and every handle is null.
 */
final class LibCrypto {
  static final String LIBRARY = "libcrypto.so.3";

  static final int CTRL_GCM_SET_IVLEN = 0x9;
  static final int CTRL_GCM_GET_TAG = 0x10;
  static final int CTRL_GCM_SET_TAG = 0x11;

  /** Why OpenSSL cannot be used, or null when it loaded. */
  static final String UNAVAILABLE;
  /** OpenSSL's own version line, e.g. "OpenSSL 3.0.13 30 Jan 2024"; null when unavailable. */
  static final String VERSION;

  static final MethodHandle CTX_NEW;
  static final MethodHandle CTX_FREE;
  static final MethodHandle ENCRYPT_INIT;
  static final MethodHandle DECRYPT_INIT;
  static final MethodHandle CTX_CTRL;
  static final MethodHandle ENCRYPT_UPDATE;
  static final MethodHandle ENCRYPT_FINAL;
  static final MethodHandle DECRYPT_UPDATE;
  static final MethodHandle DECRYPT_FINAL;
  static final MethodHandle MALLOC;
  static final MethodHandle FREE;
  /**
   * AES-256-GCM fetched from the default provider once: handing {@code EVP_aes_256_gcm()} to a
   * new context makes OpenSSL 3 fetch it again for every key, which dominated a key's setup.
   */
  static final long CIPHER;

  static {
    String why = null;
    String version = null;
    MethodHandle[] h = new MethodHandle[12];
    long cipher = 0;
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
      Linker.Option critical = Linker.Option.critical(false);
      FunctionDescriptor init = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG,
          JAVA_LONG, JAVA_LONG);
      FunctionDescriptor update = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG,
          JAVA_LONG, JAVA_INT);
      FunctionDescriptor fin = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
      h[0] = bind(linker, lib, "EVP_CIPHER_CTX_new", FunctionDescriptor.of(JAVA_LONG));
      h[1] = bind(linker, lib, "EVP_CIPHER_CTX_free", FunctionDescriptor.ofVoid(JAVA_LONG));
      h[3] = bind(linker, lib, "EVP_EncryptInit_ex", init, critical);
      h[4] = bind(linker, lib, "EVP_DecryptInit_ex", init, critical);
      h[5] = bind(linker, lib, "EVP_CIPHER_CTX_ctrl",
          FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG), critical);
      h[6] = bind(linker, lib, "EVP_EncryptUpdate", update, critical);
      h[7] = bind(linker, lib, "EVP_EncryptFinal_ex", fin, critical);
      h[8] = bind(linker, lib, "EVP_DecryptUpdate", update, critical);
      h[9] = bind(linker, lib, "EVP_DecryptFinal_ex", fin, critical);
      // libc's allocator for scratch blocks: freeing one needs no arena and no thread handshake.
      SymbolLookup libc = linker.defaultLookup();
      h[10] = bind(linker, libc, "malloc", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
      h[11] = bind(linker, libc, "free", FunctionDescriptor.ofVoid(JAVA_LONG));
      MethodHandle fetch = bind(linker, lib, "EVP_CIPHER_fetch",
          FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
      cipher = (long) fetch.invokeExact(0L, Arena.global().allocateFrom("AES-256-GCM"), 0L);
      if (cipher == 0) {
        throw new IllegalStateException("EVP_CIPHER_fetch(AES-256-GCM) found none");
      }
      MethodHandle versionText = bind(linker, lib, "OpenSSL_version",
          FunctionDescriptor.of(ADDRESS, JAVA_INT));
      // OPENSSL_VERSION (0): the full version line, a static NUL-terminated string.
      version = ((MemorySegment) versionText.invokeExact(0)).reinterpret(256).getString(0);
    } catch (Throwable e) {
      // IllegalArgumentException (library or symbol missing), IllegalCallerException (native
      // access denied), or anything else the platform throws: the JDK engine takes over.
      why = e.getClass().getSimpleName() + ": " + e.getMessage();
      h = new MethodHandle[12];
      version = null;
      cipher = 0;
    }
    UNAVAILABLE = why;
    VERSION = version;
    CTX_NEW = h[0];
    CTX_FREE = h[1];
    ENCRYPT_INIT = h[3];
    DECRYPT_INIT = h[4];
    CTX_CTRL = h[5];
    ENCRYPT_UPDATE = h[6];
    ENCRYPT_FINAL = h[7];
    DECRYPT_UPDATE = h[8];
    DECRYPT_FINAL = h[9];
    MALLOC = h[10];
    FREE = h[11];
    CIPHER = cipher;
  }

  private LibCrypto() {}

  private static MethodHandle bind(Linker linker, SymbolLookup lib, String name,
      FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol = lib.find(name)
        .orElseThrow(() -> new IllegalArgumentException(LIBRARY + " has no " + name));
    return linker.downcallHandle(symbol, descriptor, options);
  }
}
