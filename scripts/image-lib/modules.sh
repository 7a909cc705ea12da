# shellcheck shell=bash
# Kernel modules: the dependency closure of the board's module lists, copied from the pinned
# kernel package into the root filesystem, with a modules.dep for busybox modprobe.
#
# Dependencies come from each module's own `depends=` field (.modinfo), which is plain text in
# the .ko file, so this works for any architecture. Debian's packages carry no modules.dep
# (depmod runs at install time); busybox depmod writes one for the copied subset.

# image_module_index MODDIR: "name path" for every module under MODDIR/kernel (names with '_',
# as the kernel and modprobe normalise them), into $IMAGE_WORK/modules.index.
image_module_index() {
    (cd "$1" && find kernel -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst') |
        awk '{ n = $0; sub(/^.*\//, "", n); sub(/\.ko(\.xz|\.zst)?$/, "", n); gsub(/-/, "_", n); print n, $0 }' \
        > "$IMAGE_WORK/modules.index"
}

# image_module_path NAME: the module's path relative to the module directory, or nothing.
image_module_path() {
    local name=${1//-/_}
    awk -v n="$name" '$1 == n { print $2; exit }' "$IMAGE_WORK/modules.index"
}

# image_module_depends MODDIR RELPATH: the names in the module's depends= field.
image_module_depends() {
    local f="$1/$2"
    case "$f" in
        *.xz) xz -dc "$f" ;;
        *.zst) zstd -dc "$f" ;;
        *) cat "$f" ;;
    esac | tr '\0' '\n' | awk -F= '$1 == "depends" { gsub(/,/, " ", $2); print $2; exit }'
}

# image_install_modules MODDIR ROOT NAME...: copies the named modules and everything they depend
# on (decompressed) to ROOT/lib/modules/$KERNEL_RELEASE, and writes modules.dep there with the
# busybox given in $IMAGE_HOST_BUSYBOX. Built-in modules (modules.builtin) are skipped.
image_install_modules() {
    local moddir=$1 root=$2 dest queue name rel dep count=0
    shift 2
    dest="$root/lib/modules/$KERNEL_RELEASE"
    mkdir -p "$dest"
    image_module_index "$moddir"
    queue="$*"
    declare -A seen=()
    while [ -n "${queue// /}" ]; do
        set -- $queue
        name=${1//-/_}
        shift
        queue="$*"
        [ -n "${seen[$name]:-}" ] && continue
        seen[$name]=1
        rel=$(image_module_path "$name")
        if [ -z "$rel" ]; then
            if grep -qE "/${name//_/[-_]}\.ko$" "$moddir/modules.builtin" 2>/dev/null; then
                continue  # built into the kernel
            fi
            image_die "kernel module $name is not in $KERNEL_PACKAGE (nor built in)"
        fi
        mkdir -p "$dest/$(dirname "$rel")"
        case "$rel" in
            *.xz) xz -dc "$moddir/$rel" > "$dest/${rel%.xz}" ;;
            *.zst) zstd -qdc "$moddir/$rel" > "$dest/${rel%.zst}" ;;
            *) cp "$moddir/$rel" "$dest/$rel" ;;
        esac
        count=$((count + 1))
        for dep in $(image_module_depends "$moddir" "$rel"); do
            queue="$queue $dep"
        done
    done
    cp "$moddir/modules.builtin" "$moddir/modules.order" "$dest/" 2>/dev/null || true
    "$IMAGE_HOST_BUSYBOX" depmod -b "$root" "$KERNEL_RELEASE" ||
        image_die "busybox depmod failed for $dest"
    image_note "$count kernel modules ($(du -sk "$dest" | cut -f1) KiB), modules.dep by busybox depmod"
}
