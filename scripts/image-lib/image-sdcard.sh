# shellcheck shell=bash
# IMAGE_LAYOUT=sdcard-rpi and sdcard-uboot: one SD-card image file, out/<board>/skywire-<board>.img
#
#   0 ............ boot loader area (sdcard-uboot: U-Boot with SPL at UBOOT_OFFSET_KB)
#   FIRST_PARTITION_MB  partition 1, FAT32 "SKYWIRE", bootable: firmware (sdcard-rpi), kernel
#                       (vmlinuz), device tree, the root filesystem (initramfs.cpio.gz) and the
#                       boot configuration from board/<name>/boot/
#   then                partition 2, ext4 "skywire-data", empty: rcS mounts it on
#                       /var/lib/skywire; the node key is made there at first boot
#
# The root filesystem is the same initramfs as the QEMU image, so the SD card holds no root
# partition: Debian's kernels build ext4 and the SD-card drivers as modules, which an initramfs
# must load anyway, and a root in RAM cannot be corrupted by a power cut. Updating the node is
# replacing files on the FAT partition.
#
# Built without root privileges or loop devices: mkfs.vfat -C and mtools fill the FAT
# filesystem in a file, mkfs.ext4 makes the data filesystem in a file, sfdisk writes the
# partition table, dd puts the pieces at their offsets.
#
# NOT TESTED ON HARDWARE: written and reviewed, but no aarch64 image could be booted where it
# was written (no aarch64 Swift SDK there). See board/<name>/readme.md.

# image_boot_package_dirs: the extracted BOOT_PACKAGES (boot firmware, U-Boot), one per line.
image_boot_package_dirs() {
    local spec deb
    for spec in ${BOOT_PACKAGES:-}; do
        deb=$(image_fetch_deb "${spec%%=*}" "${spec#*=}" "$DEB_ARCH")
        image_extract_deb "$deb"
    done
}

# image_find_in DIRS RELPATH: the first DIRS/RELPATH that exists.
image_find_in() {
    local d
    for d in $1; do
        [ -f "$d/$2" ] && { echo "$d/$2"; return 0; }
    done
    return 1
}

# image_write_sdcard ROOT KERNELDIR OUT
image_write_sdcard() {
    local root=$1 kdir=$2 out=$3 boot dirs f src img bootfs datafs first bootsz datasz total uboot=""
    boot="$IMAGE_WORK/bootfs"
    mkdir -p "$boot"
    dirs=$(image_boot_package_dirs)

    # Boot files: the board's configuration, kernel, device tree, root filesystem.
    [ -d "$BOARD_DIR/boot" ] && cp -R "$BOARD_DIR/boot/." "$boot/"
    cp "$kdir/boot/vmlinuz-$KERNEL_RELEASE" "$boot/vmlinuz"
    src="$kdir/usr/lib/linux-image-$KERNEL_RELEASE/$DTB"
    [ -f "$src" ] || image_die "no device tree $DTB in $KERNEL_PACKAGE"
    mkdir -p "$boot/$(dirname "$DTB_DEST")"
    cp "$src" "$boot/$DTB_DEST"
    image_cpio "$root" "$boot/initramfs.cpio.gz"

    case "$IMAGE_LAYOUT" in
        sdcard-rpi)
            # The GPU firmware that loads the kernel (Pi 4: start4.elf, fixup4.dat).
            for f in $RPI_FIRMWARE_FILES; do
                src=$(image_find_in "$dirs" "usr/lib/raspi-firmware/$f") ||
                    image_die "$f is not in usr/lib/raspi-firmware of $BOOT_PACKAGES"
                cp "$src" "$boot/$f"
            done
            ;;
        sdcard-uboot)
            uboot=$(image_find_in "$dirs" "$UBOOT_FILE") ||
                image_die "$UBOOT_FILE is not in $BOOT_PACKAGES"
            [ "$(image_size "$uboot")" -lt $(((FIRST_PARTITION_MB * 1024 - UBOOT_OFFSET_KB) * 1024)) ] ||
                image_die "$UBOOT_FILE does not fit before the first partition"
            ;;
    esac
    image_note "boot partition: $(cd "$boot" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"

    # Partition 1: FAT32, filled with mtools (no mount).
    bootfs="$IMAGE_WORK/boot.vfat"
    rm -f "$bootfs"
    mkfs.vfat -C -F 32 -n SKYWIRE "$bootfs" $((BOOT_SIZE_MB * 1024)) >/dev/null ||
        image_die "mkfs.vfat failed"
    (cd "$boot" && MTOOLS_SKIP_CHECK=1 mcopy -s -o -i "$bootfs" ./* ::/) ||
        image_die "mcopy into the boot partition failed"

    # Partition 2: the empty data filesystem.
    datafs="$IMAGE_WORK/data.ext4"
    image_data_disk "$datafs" "$DATA_SIZE_MB"

    # The disk: MBR partition table, then the pieces at their offsets (sizes in 512-byte sectors).
    img="$out/skywire-$BOARD.img"
    first=$((FIRST_PARTITION_MB * 2048))
    bootsz=$((BOOT_SIZE_MB * 2048))
    datasz=$((DATA_SIZE_MB * 2048))
    total=$((FIRST_PARTITION_MB + BOOT_SIZE_MB + DATA_SIZE_MB))
    rm -f "$img"
    truncate -s "${total}M" "$img"
    sfdisk --quiet --no-reread --no-tell-kernel "$img" <<EOF || image_die "sfdisk failed on $img"
label: dos
unit: sectors
start=$first, size=$bootsz, type=c, bootable
start=$((first + bootsz)), size=$datasz, type=83
EOF
    dd if="$bootfs" of="$img" bs=1M seek="$FIRST_PARTITION_MB" conv=notrunc,sparse status=none
    dd if="$datafs" of="$img" bs=1M seek=$((FIRST_PARTITION_MB + BOOT_SIZE_MB)) conv=notrunc,sparse status=none
    if [ -n "$uboot" ]; then
        dd if="$uboot" of="$img" bs=1K seek="$UBOOT_OFFSET_KB" conv=notrunc status=none
        image_note "U-Boot: $(basename "$uboot") at $UBOOT_OFFSET_KB KiB"
    fi
    image_note "$(basename "$img"): ${total} MiB (partition 1 FAT32 ${BOOT_SIZE_MB} MiB at ${FIRST_PARTITION_MB} MiB, partition 2 ext4 ${DATA_SIZE_MB} MiB)"
    image_note "write it: dd if=$img of=/dev/sdX bs=4M conv=fsync status=progress (docs/boards.md)"
}
