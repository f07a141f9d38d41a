# Sourced by the scripts that build: the settings every build of the product
# shares, so that tests, benchmarks and `dev.sh run` link the same binary
# (and cargo does not rebuild for a changed environment).

# Where the system ships OpenSSL's archives (Debian's libssl-dev does), link
# them in: loading and binding libcrypto.so at start cost every command,
# PostgreSQL or not, more than its own work. openssl-sys only links
# statically when told where the archives are, not through pkg-config.
link_openssl_statically() {
    local libdir
    libdir=$(pkg-config --variable=libdir openssl 2>/dev/null || true)
    if [ -n "$libdir" ] && [ -e "$libdir/libcrypto.a" ] && [ -e "$libdir/libssl.a" ]; then
        export OPENSSL_STATIC=1 OPENSSL_LIB_DIR="$libdir"
        OPENSSL_INCLUDE_DIR=$(pkg-config --variable=includedir openssl)
        export OPENSSL_INCLUDE_DIR
    fi
}
link_openssl_statically

# MariaDB's client library (for mysql:// and mariadb:// databases), linked
# in as OpenSSL is: loaded at start it would bring libssl and libcrypto back
# with it. Debian's libmariadb-dev ships the archive; without it, the
# library found by pkg-config is linked as a shared one.
link_mariadb_statically() {
    local libdir
    libdir=$(pkg-config --variable=libdir libmariadb 2>/dev/null || true)
    if [ -n "$libdir" ] && [ -e "$libdir/libmariadb.a" ] && [ -n "${OPENSSL_STATIC:-}" ]; then
        export MYSQLCLIENT_NO_PKG_CONFIG=1 LIBMARIADB_NO_PKG_CONFIG=1 MYSQLCLIENT_STATIC=1
        export MYSQLCLIENT_LIB_DIR="$libdir" MYSQLCLIENT_LIBNAME=mariadb
        MYSQLCLIENT_VERSION=$(pkg-config --modversion libmariadb)
        export MYSQLCLIENT_VERSION
    fi
}
link_mariadb_statically

# mysql_client URL ARGS…: MariaDB's client on the server a
# mysql://USER[:PASSWORD]@HOST[:PORT] URL names (the password through the
# environment, never the command line), for CI's and the bench's checks.
mysql_client() {
    local rest="${1#mysql://}" user host port=3306 password=""
    shift
    user=${rest%%@*}
    host=${rest#*@}
    host=${host%%/*}
    [ "$host" != "${host#*:}" ] && port=${host#*:}
    [ "$user" != "${user#*:}" ] && password=${user#*:}
    MYSQL_PWD="$password" mysql -h "${host%%:*}" -P "$port" -u "${user%%:*}" "$@"
}
