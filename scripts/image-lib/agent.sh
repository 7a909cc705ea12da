# shellcheck shell=bash
# The static agent: `skywire` with the Swift runtime, glibc and the four C libraries all linked
# statically, stripped, checked, and held to a size limit.
#
# Why the C libraries come from a directory of our own (image_static_libs) and not /usr/lib:
#  - the target architecture's .a files come from pinned Debian -dev packages, so the same code
#    path serves x86-64 (host) and aarch64 (cross) builds;
#  - Debian's libpcap.a is built with D-Bus capture support: pcap.o needs pcap-dbus.o, which
#    needs libdbus-1.a, which needs libsystemd (no .a in Debian). Our copy of libpcap.a has
#    pcap-dbus.o replaced by two stubs (pcap-no-dbus.c), so neither library is linked;
#  - SwiftPM puts `-L<libdir>` of every pkg-config file on the link line, so pkg-config files
#    pointing at this directory make the linker pick these archives, whatever /usr/lib holds.

# The largest accepted stripped binary, bytes (decimal 12 MB). SKYWIRE_BINARY_LIMIT overrides it
# for experiments; CI uses the default.
IMAGE_BINARY_LIMIT=${SKYWIRE_BINARY_LIMIT:-12000000}

# image_swift_tool NAME: a tool from the Swift toolchain next to `swift` (clang, llvm-objcopy ...).
image_swift_tool() {
    local dir
    dir=$(dirname "$(readlink -f "$(command -v swift)")")
    [ -x "$dir/$1" ] || image_die "the Swift toolchain at $dir has no $1"
    echo "$dir/$1"
}

# image_static_libs DIR: fills DIR with include/, lib/*.a and pkgconfig/*.pc for the target
# architecture (DEB_ARCH), from the pinned -dev packages.
image_static_libs() {
    local dir=$1 spec pkg version deb x clang stamp debs=""
    # Fetch (and check) every package first; rebuild the directory only when they or the stub
    # changed, so that an unchanged directory does not make SwiftPM relink.
    for spec in $STATIC_LIB_PACKAGES; do
        pkg=${spec%%=*}
        version=${spec#*=}
        debs="$debs $(image_fetch_deb "$pkg" "$version" "$DEB_ARCH")"
    done
    stamp="$DEB_ARCH $SWIFT_TRIPLE$debs $(sha256sum "$IMAGE_LIB_DIR/pcap-no-dbus.c" | cut -d' ' -f1)"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        return 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir/include" "$dir/lib" "$dir/pkgconfig"
    for deb in $debs; do
        x=$(image_extract_deb "$deb")
        [ -d "$x/usr/include" ] && cp -R "$x/usr/include/." "$dir/include/"
        # Some packages (libnl) still install to /lib/<triplet> rather than /usr/lib/<triplet>.
        find "$x/usr/lib/$DEB_TRIPLET" "$x/lib/$DEB_TRIPLET" -maxdepth 1 -name '*.a' \
            -exec cp {} "$dir/lib/" \; 2>/dev/null || true
    done
    for a in libsodium.a libsecp256k1.a libnl-3.a libnl-genl-3.a libpcap.a; do
        [ -f "$dir/lib/$a" ] || image_die "no $a in the -dev packages of STATIC_LIB_PACKAGES"
    done

    # libpcap without D-Bus (see the top of this file).
    clang=$(image_swift_tool clang)
    "$clang" --target="$SWIFT_TRIPLE" -O2 -fPIC -c "$IMAGE_LIB_DIR/pcap-no-dbus.c" -o "$dir/pcap-no-dbus.o" ||
        image_die "cannot compile pcap-no-dbus.c for $SWIFT_TRIPLE"
    ar t "$dir/lib/libpcap.a" | grep -qx 'pcap-dbus.o' ||
        image_die "libpcap.a has no pcap-dbus.o: the D-Bus workaround no longer applies; review agent.sh"
    ar d "$dir/lib/libpcap.a" pcap-dbus.o
    ar r "$dir/lib/libpcap.a" "$dir/pcap-no-dbus.o" 2>/dev/null

    # pkg-config files naming exactly these archives (no Requires.private: dbus-1).
    image_pc "$dir" libsodium "-lsodium" "" ""
    image_pc "$dir" libsecp256k1 "-lsecp256k1" "" ""
    image_pc "$dir" libnl-3.0 "-lnl-3" "/libnl3" ""
    image_pc "$dir" libnl-genl-3.0 "-lnl-genl-3" "/libnl3" "libnl-3.0"
    image_pc "$dir" libpcap "-lpcap" "" ""
    echo "$stamp" > "$dir/.stamp"
}

# image_pc DIR NAME LIBS INCLUDE_SUFFIX REQUIRES: writes DIR/pkgconfig/NAME.pc.
image_pc() {
    {
        echo "# Written by scripts/build-image: static $2 for $DEB_ARCH."
        echo "libdir=$1/lib"
        echo "includedir=$1/include"
        echo "Name: $2"
        echo "Description: $2 (static, pinned Debian package)"
        echo "Version: 0"
        [ -n "$5" ] && echo "Requires: $5"
        echo "Libs: -L\${libdir} $3"
        echo "Cflags: -I\${includedir}$4"
    } > "$1/pkgconfig/$2.pc"
}

# image_build_agent SCRATCH OUTFILE: builds, strips, checks; leaves the stripped binary in
# OUTFILE. SKYWIRE_SWIFT_SDK selects a cross-compilation Swift SDK (aarch64 boards).
image_build_agent() {
    local scratch=$1 out=$2 libs log bin map args size objcopy
    libs="$scratch/static-libs-$DEB_ARCH"
    log="$scratch/build-image.log"
    map="$scratch/skywire-$DEB_ARCH.map"
    mkdir -p "$scratch"
    image_static_libs "$libs"
    image_note "static C libraries: $libs/lib (libpcap without D-Bus)"

    args=(-c release --scratch-path "$scratch" --product skywire
          --static-swift-stdlib -Xswiftc -static-executable -Xlinker "-Map=$map")
    [ -n "${SKYWIRE_SWIFT_SDK:-}" ] && args+=(--swift-sdk "$SKYWIRE_SWIFT_SDK")
    image_note "swift build ${args[*]} (log: $log)"
    local started=$SECONDS
    if ! (cd "$IMAGE_ROOT" && PKG_CONFIG_PATH="$libs/pkgconfig" swift build "${args[@]}") > "$log" 2>&1; then
        grep -E 'error:' "$log" | sort -u | head -n 30 >&2 || tail -n 30 "$log" >&2
        image_die "swift build failed (log: $log)"
    fi
    image_note "built in $((SECONDS - started)) s"
    bin="$(cd "$IMAGE_ROOT" && PKG_CONFIG_PATH="$libs/pkgconfig" swift build "${args[@]}" --show-bin-path)/skywire"
    [ -x "$bin" ] || image_die "no binary at $bin after the build"

    objcopy=$(image_swift_tool llvm-objcopy)
    "$objcopy" --strip-all "$bin" "$out"
    image_check_static "$out"
    size=$(image_size "$out")
    image_note "skywire: $(image_human "$size") stripped, $(image_human "$(image_size "$bin")") with symbols"
    if [ "$size" -gt "$IMAGE_BINARY_LIMIT" ]; then
        image_size_report "$map"
        image_die "the stripped agent is $(image_human "$size"), over the limit of $(image_human "$IMAGE_BINARY_LIMIT")"
    fi
}

# image_check_static FILE: an ELF executable of the target architecture with no interpreter
# and no dynamic section (llvm-objdump from the Swift toolchain, so any architecture).
image_check_static() {
    local objdump format headers
    objdump=$(image_swift_tool llvm-objdump)
    format=$("$objdump" -f "$1" | sed -n 's/.*file format //p')
    case "$ARCH:$format" in
        x86_64:elf64-x86-64 | aarch64:elf64-littleaarch64) ;;
        *) image_die "$1 is not a $ARCH ELF executable (format: ${format:-unknown})" ;;
    esac
    headers=$("$objdump" -p "$1")
    if printf '%s\n' "$headers" | grep -qE '^ *(INTERP|DYNAMIC) '; then
        image_die "$1 has an INTERP or DYNAMIC program header: not fully static"
    fi
    if [ "$ARCH" = "$(uname -m)" ] && ldd "$1" >/dev/null 2>&1; then
        image_die "ldd lists shared libraries for $1"
    fi
    if command -v file >/dev/null 2>&1; then
        image_note "static: $(file -b "$1")"
    else
        image_note "static: $format, no INTERP/DYNAMIC program header"
    fi
}

# image_size_report MAPFILE: what the linker put into the binary, by input archive (sections
# stored in the file: no .bss, no debug info, so the numbers add up to roughly the stripped
# size), and which object outside Foundation pulled Foundation in (GNU ld/gold maps).
image_size_report() {
    [ -f "$1" ] || return 0
    echo "      biggest inputs of the binary (from the linker map $1):" >&2
    awk '
        function hex(h,   i, c, v) {
            v = 0; h = tolower(substr(h, 3))
            for (i = 1; i <= length(h); i++) { c = index("0123456789abcdef", substr(h, i, 1)) - 1; v = v * 16 + c }
            return v
        }
        # GNU ld / gold maps: "Memory map" then " .section  0xADDR  0xSIZE  file".
        # lld maps: a "VMA LMA Size Align Out In Symbol" header, then input sections as
        # "VMA LMA SIZE ALIGN file:(.section)".
        /^Memory map/ { mem = 1 }
        /^ +VMA +LMA +Size +Align +Out +In +Symbol/ { lld = 1; next }
        lld {
            if (NF == 5 && $5 ~ /:\(/ && $5 !~ /:\(\.(debug|comment|note|bss|tbss)/) {
                src = $5; sub(/:\(.*$/, "", src)
                if (src ~ /\.a\(/) { sub(/\(.*$/, "", src) }
                n = split(src, p, "/"); src = (src ~ /\.build\// && p[n] ~ /\.o$/) ? "module " p[n - 1] : p[n]
                total[src] += hex("0x" $3)
            }
            next
        }
        !mem { next }
        /^ \.(debug|comment|note|gnu_debug|bss|tbss)/ { skip = 1; next }
        /^ \.[A-Za-z_.$0-9]+/ { skip = 0 }
        skip { next }
        $0 ~ /^ *(\.[^ ]+)? +0x[0-9a-f]+ +0x[0-9a-f]+ +[^ ]/ {
            size = hex($(NF - 1)); src = $NF
            if (src ~ /\.a\(/) { sub(/\(.*$/, "", src); n = split(src, p, "/"); src = p[n] }
            else if (src ~ /\.build\//) { n = split(src, p, "/"); src = "module " p[n - 1] }
            else { n = split(src, p, "/"); src = p[n] }
            total[src] += size
        }
        END { for (s in total) printf "%12d  %s\n", total[s], s }
    ' "$1" | sort -rn | head -n 12 | awk '{ printf "      %8.2f MB  %s %s\n", $1 / 1e6, $2, $3 }' >&2
    local why
    why=$(awk '
        /^Archive member included/ { on = 1; next }
        /^(Memory map|Discarded|Allocating)/ { on = 0 }
        on && /^[^ ].*libFoundationEssentials\.a\(/ { getline nxt; if (nxt !~ /lib_?Foundation[A-Za-z]*\.a\(/) print nxt }
        on && /^[^ ].*libFoundation\.a\(/ { getline nxt; if (nxt !~ /lib_?Foundation[A-Za-z]*\.a\(/) print nxt }
    ' "$1" | sed -E 's|^ +||; s|^[^ ]*/([^/ ]+/[^/ ]+ )|\1|' | sort -u)
    if [ -n "$why" ]; then
        echo "      Foundation is linked because of:" >&2
        printf '%s\n' "$why" | sed 's/^/        /' >&2
    fi
}
