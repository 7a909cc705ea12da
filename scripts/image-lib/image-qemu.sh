# shellcheck shell=bash
# IMAGE_LAYOUT=qemu: out/<board>/{vmlinuz, initramfs.cpio.gz, data.img}, booted by
# scripts/boot-image with QEMU's -kernel/-initrd and data.img as a virtio disk.

# image_cpio ROOT OUTFILE: the root filesystem as a gzip'd newc cpio archive, every file owned
# by root (the build user's ids do not leak into the image), in a stable order.
image_cpio() {
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9n > "$2"
}

# image_data_disk FILE SIZE_MB: an EMPTY ext4 filesystem labelled skywire-data (rcS mounts it on
# /var/lib/skywire; the node key is made there at first boot).
image_data_disk() {
    rm -f "$1"
    truncate -s "${2}M" "$1"
    mkfs.ext4 -q -F -L skywire-data -m 0 -E root_owner=0:0 "$1" >/dev/null ||
        image_die "mkfs.ext4 failed for $1"
}

# image_write_qemu ROOT KERNELDIR OUT NEWDATA: writes the three files. An existing data.img is
# kept (it holds the node's key) unless NEWDATA is 1.
image_write_qemu() {
    local root=$1 kdir=$2 out=$3 newdata=$4
    cp "$kdir/boot/vmlinuz-$KERNEL_RELEASE" "$out/vmlinuz"
    image_cpio "$root" "$out/initramfs.cpio.gz"
    if [ "$newdata" = 1 ] || [ ! -f "$out/data.img" ]; then
        image_data_disk "$out/data.img" "$DATA_SIZE_MB"
        image_note "data.img: new, empty ext4 (${DATA_SIZE_MB} MB, label skywire-data)"
    else
        image_note "data.img: kept (it holds this VM's node key; --new-data replaces it)"
    fi
}
