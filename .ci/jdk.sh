# Finds a JDK 25 or newer for Multilane. Sourced by ./multilane and .ci/run so there is one copy.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/temurin-25*, then any /usr/lib/jvm/* that is
# 25+, then the `java` on PATH. Prints the JDK's home; returns 1 with a message on stderr if none.

# The major version of the JDK at $1 (25 for "25.0.1"; 1 for "1.8.0"), or nothing if not a JDK.
multilane_jdk_major() {
    local home="$1" version=""
    [ -x "$home/bin/java" ] || return 0
    if [ -f "$home/release" ]; then
        version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")"
    fi
    if [ -z "$version" ]; then
        version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
    fi
    printf '%s\n' "${version%%[.+-]*}"
}

multilane_is_jdk25() {
    local major
    major="$(multilane_jdk_major "$1")"
    [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null && [ -x "$1/bin/javac" ]
}

multilane_find_jdk() {
    local candidate
    if [ -n "${JAVA_HOME:-}" ] && multilane_is_jdk25 "$JAVA_HOME"; then
        printf '%s\n' "$JAVA_HOME"
        return 0
    fi
    for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*; do
        if [ -d "$candidate" ] && multilane_is_jdk25 "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    if command -v java >/dev/null 2>&1; then
        candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
        if multilane_is_jdk25 "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    fi
    echo "multilane: no JDK 25 or newer found (looked at JAVA_HOME=${JAVA_HOME:-<unset>}, /usr/lib/jvm/*, and java on PATH)." >&2
    echo "multilane: install one (e.g. Temurin 25 under /usr/lib/jvm) or set JAVA_HOME to it." >&2
    return 1
}
