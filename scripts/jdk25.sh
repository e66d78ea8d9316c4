# Sourced by ./braid and ./mvnw: points JAVA_HOME at a JDK 25 or stops with one clear line.
# Order: JAVA_HOME if it is a JDK 25, then /usr/lib/jvm/*25*.
braid_is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -f "$1/release" ]; then
    grep -Eq '^JAVA_VERSION="25([."]|$)' "$1/release"
  else
    "$1/bin/java" -version 2>&1 | head -n 1 | grep -Eq '"25([."]|$)'
  fi
}
braid_find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && braid_is_jdk25 "$JAVA_HOME"; then
    return 0
  fi
  for candidate in /usr/lib/jvm/*25*; do
    if [ -d "$candidate" ] && braid_is_jdk25 "$candidate"; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  echo "braid: no JDK 25 found (JAVA_HOME=${JAVA_HOME:-unset}, nothing under /usr/lib/jvm/*25*); install a JDK 25 or set JAVA_HOME to one" >&2
  exit 1
}
braid_find_jdk25
