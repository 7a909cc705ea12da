# shellcheck shell=bash
# The root filesystem: a directory tree that becomes the initramfs (every board boots it as its
# whole root; the persistent data partition is mounted on /var/lib/skywire by rcS).
#
# Layers, in order: the skeleton below, busybox, the agent, host tools (iw), kernel modules and
# firmware, overlay/ (common), board/<name>/rootfs_overlay/, then generated files
# (/etc/modules, /etc/skywire/release). Files named README.md at the top of a layer, *.empty and
# *~ files are not copied.

# image_rootfs_skeleton ROOT
image_rootfs_skeleton() {
    local root=$1 d
    rm -rf "$root"
    for d in bin sbin usr/bin usr/sbin usr/share etc dev proc sys run tmp root mnt \
             var/log var/lib/skywire lib/modules lib/firmware; do
        mkdir -p "$root/$d"
    done
    chmod 1777 "$root/tmp"
    chmod 700 "$root/root" "$root/var/lib/skywire"
    ln -s ../run "$root/var/run"
}

# image_install_busybox ROOT DEBPATH: /bin/busybox, and the links the boot needs before rcS
# installs the rest (busybox --install -s at boot, so the applet list is the binary's own).
image_install_busybox() {
    local root=$1 x
    x=$(image_extract_deb "$2")
    [ -x "$x/bin/busybox" ] || image_die "no bin/busybox in $2"
    cp "$x/bin/busybox" "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
    ln -s ../bin/busybox "$root/sbin/init"
}

# image_install_host_tools ROOT TOOL...: copies host binaries with every library ldd lists
# (only when the board's architecture is the host's). Notes versions into $IMAGE_INPUTS.
image_install_host_tools() {
    local root=$1 tool path lib pkg
    shift
    [ $# -gt 0 ] || return 0
    if [ "$ARCH" != "$(uname -m)" ]; then
        image_note "host tools ($*) skipped: the build host is $(uname -m), the board $ARCH"
        return 0
    fi
    for tool in "$@"; do
        path=$(command -v "$tool" 2>/dev/null) || { image_note "host tool $tool not installed: skipped"; continue; }
        path=$(readlink -f "$path")
        mkdir -p "$root$(dirname "$path")"
        cp "$path" "$root$path"
        for lib in $(ldd "$path" | awk '/=> \// { print $3 } /^[[:space:]]*\/[^ ]+ \(/ { print $1 }'); do
            mkdir -p "$root$(dirname "$lib")"
            cp -L "$lib" "$root$lib"
        done
        # dpkg knows the path the package installed (/sbin/iw with merged /usr).
        pkg=$( { dpkg -S "$path" || dpkg -S "${path#/usr}"; } 2>/dev/null | cut -d: -f1 | head -n 1 || true)
        printf 'host %s %s %s sha256:%s\n' "$tool" "${pkg:-?}" \
            "$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo '?')" \
            "$(sha256sum "$path" | cut -d' ' -f1)" >> "$IMAGE_INPUTS"
        image_note "$tool from the build host ($pkg), with $(ldd "$path" | grep -c '/') libraries"
    done
    # Programs in /usr/sbin are found through PATH; the libraries keep their host paths.
}

# image_install_firmware ROOT: FIRMWARE_FILES from the pinned FIRMWARE_PACKAGES into
# ROOT/lib/firmware. Each entry is a path relative to /lib/firmware in a package, optionally
# ":new-name" to install it under another name.
image_install_firmware() {
    local root=$1 spec deb x f src dest found dirs=""
    [ -n "${FIRMWARE_FILES// /}" ] || return 0
    for spec in $FIRMWARE_PACKAGES; do
        deb=$(image_fetch_deb "${spec%%=*}" "${spec#*=}" all)
        dirs="$dirs $(image_extract_deb "$deb")"
    done
    for f in $FIRMWARE_FILES; do
        src=${f%%:*}
        dest=${f#*:}
        found=""
        for x in $dirs; do
            if [ -f "$x/lib/firmware/$src" ]; then found="$x/lib/firmware/$src"; break; fi
        done
        [ -n "$found" ] || image_die "firmware $src is in none of: $FIRMWARE_PACKAGES"
        mkdir -p "$root/lib/firmware/$(dirname "$dest")"
        cp "$found" "$root/lib/firmware/$dest"
    done
    image_note "firmware: $(echo "$FIRMWARE_FILES" | tr -s ' \n' ' ' | sed 's/^ //')"
}

# image_apply_overlay SRC ROOT: copies a layer over the tree (see the top of this file).
image_apply_overlay() {
    [ -d "$1" ] || return 0
    (cd "$1" && tar --exclude=./README.md --exclude='*.empty' --exclude='*~' -cf - .) |
        (cd "$2" && tar --no-same-owner -xf -)
}

# image_generated_files ROOT: /etc/modules (MODULES_BOOT, one per line, loaded by rcS) and
# /etc/skywire/release (what this image is).
image_generated_files() {
    local root=$1 m rev
    mkdir -p "$root/etc/skywire"
    {
        echo "# Kernel modules rcS loads at boot, in order (written by scripts/build-image from"
        echo "# MODULES_BOOT in board/$BOARD/board.conf). One per line: name [parameters]."
        for m in $MODULES_BOOT; do echo "$m"; done
    } > "$root/etc/modules"
    rev=$(cd "$IMAGE_ROOT" && git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
    if [ -n "$(cd "$IMAGE_ROOT" && git status --porcelain -- Sources Package.swift overlay board scripts 2>/dev/null | head -n 1)" ]; then
        rev="$rev+changes"
    fi
    {
        echo "BOARD=$BOARD"
        echo "BOARD_TITLE=\"$BOARD_TITLE\""
        echo "SOURCE=$rev"
        echo "KERNEL=$KERNEL_PACKAGE=$KERNEL_VERSION"
        echo "BUILT=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } > "$root/etc/skywire/release"
}

# image_finish_rootfs ROOT: permissions and the rule that no key is ever in an image.
image_finish_rootfs() {
    local root=$1 keys
    chmod 755 "$root/init" "$root"/etc/init.d/* 2>/dev/null || true
    chmod 700 "$root/var/lib/skywire"
    keys=$(cd "$root" && find . -name '*.key' -o -name 'node.key*' | head -n 5)
    [ -z "$keys" ] || image_die "key files in the root filesystem (never bake a key into an image): $keys"
    [ -z "$(ls -A "$root/var/lib/skywire")" ] || image_die "/var/lib/skywire in the image is not empty"
}
