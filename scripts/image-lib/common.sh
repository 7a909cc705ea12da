# shellcheck shell=bash
# Shared helpers of scripts/build-image and scripts/boot-image: messages, the board definition,
# the download cache and pinned Debian packages.
#
# Pins: every downloaded input is a Debian package named by package, version and architecture.
# Its URL and sha256 are listed in a pins file, one input per line:
#
#     <sha256>  <url>
#
# board/common/pins-<debian arch>.sha256 holds the packages every board of that architecture
# uses (busybox, the static C libraries); board/<name>/pins.sha256 holds the board's own (kernel,
# firmware, boot loader). A package without a pin line is an error, as is a download whose
# sha256 differs: an image is never built from "whatever the mirror has today".
#
# Downloads are kept in $IMAGE_CACHE/debs/ (default /var/cache/skywire-vm, shared with
# scripts/vm/) and checked again on every use.

IMAGE_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IMAGE_ROOT="$(cd "$IMAGE_LIB_DIR/../.." && pwd)"
IMAGE_CACHE=${SKYWIRE_CACHE:-/var/cache/skywire-vm}
IMAGE_STEP=0
IMAGE_STEPS=0

# image_die MESSAGE...: one clear line on stderr, exit 1.
image_die() {
    printf '%s: error: %s\n' "${IMAGE_TOOL:-build-image}" "$*" >&2
    exit 1
}

# image_note MESSAGE...: a detail line under the current step.
image_note() { printf '      %s\n' "$*" >&2; }

# image_step TITLE: the next numbered step ("[3/7] Root filesystem").
image_step() {
    IMAGE_STEP=$((IMAGE_STEP + 1))
    printf '[%d/%d] %s\n' "$IMAGE_STEP" "$IMAGE_STEPS" "$*" >&2
}

# image_require_tools TOOL...: fails naming every missing tool and the Debian package with it.
image_require_tools() {
    local tool missing=""
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool($(image_tool_package "$tool"))"
    done
    [ -z "$missing" ] || image_die "missing host tools:$missing; install them with apt-get install"
}

# image_tool_package TOOL: the Debian package that provides TOOL (for error messages).
image_tool_package() {
    case "$1" in
        swift) echo "swift.org toolchain" ;;
        mkfs.ext4 | mke2fs) echo e2fsprogs ;;
        mkfs.vfat) echo dosfstools ;;
        mcopy | mmd) echo mtools ;;
        sfdisk) echo fdisk ;;
        qemu-system-x86_64) echo qemu-system-x86 ;;
        cpio) echo cpio ;;
        file) echo file ;;
        curl) echo curl ;;
        dpkg-deb) echo dpkg ;;
        strip | ar | readelf) echo binutils ;;
        cc) echo gcc ;;
        *) echo "$1" ;;
    esac
}

# image_human BYTES: "11.39 MB (11393648 bytes)" (decimal megabytes).
image_human() {
    local b=$1
    printf '%d.%02d MB (%d bytes)' $((b / 1000000)) $((b % 1000000 / 10000)) "$b"
}

# image_size FILE: its size in bytes.
image_size() { stat -c %s "$1"; }

# image_load_board NAME: checks the board exists and sources its board.conf (which sources
# board/common/debian-12.conf). Sets BOARD, BOARD_DIR.
image_load_board() {
    BOARD=$1
    BOARD_DIR="$IMAGE_ROOT/board/$BOARD"
    if [ ! -f "$BOARD_DIR/board.conf" ]; then
        local known
        known=$(cd "$IMAGE_ROOT/board" && for d in */board.conf; do printf ' %s' "${d%/board.conf}"; done)
        image_die "unknown board '$BOARD' (boards:$known)"
    fi
    BOARD_COMMON="$IMAGE_ROOT/board/common"
    # shellcheck source=/dev/null
    . "$BOARD_DIR/board.conf"
    local v
    for v in ARCH DEB_ARCH DEB_TRIPLET IMAGE_LAYOUT KERNEL_PACKAGE KERNEL_VERSION KERNEL_RELEASE CONSOLE; do
        [ -n "${!v:-}" ] || image_die "board/$BOARD/board.conf does not set $v"
    done
    case "$IMAGE_LAYOUT" in
        qemu | sdcard-rpi | sdcard-uboot) ;;
        *) image_die "board/$BOARD/board.conf: unknown IMAGE_LAYOUT '$IMAGE_LAYOUT'" ;;
    esac
}

# image_pin_files: the pins files that apply to the loaded board.
image_pin_files() {
    echo "$BOARD_COMMON/pins-$DEB_ARCH.sha256" "$BOARD_DIR/pins.sha256"
}

# image_deb_file PACKAGE VERSION ARCH: the .deb file name (the epoch is not part of it).
image_deb_file() {
    local version=${2#*:}
    echo "${1}_${version}_${3}.deb"
}

# image_pin_line DEBFILE: "<sha256> <url>" from the pins files, or nothing.
image_pin_line() {
    local f
    for f in $(image_pin_files); do
        [ -f "$f" ] || continue
        awk -v want="$1" '
            /^[[:space:]]*(#|$)/ { next }
            { n = split($2, parts, "/"); if (parts[n] == want) { print $1, $2; found = 1; exit } }
            END { exit !found }' "$f" && return 0
    done
    return 1
}

# image_missing_pins PKG=VERSION:ARCH...: prints the .deb files with no pin line (nothing if all
# are pinned). Used to fail before any work starts.
image_missing_pins() {
    local spec pkg rest version arch file
    for spec in "$@"; do
        pkg=${spec%%=*}; rest=${spec#*=}; version=${rest%:*}; arch=${rest##*:}
        file=$(image_deb_file "$pkg" "$version" "$arch")
        image_pin_line "$file" >/dev/null || echo "$file"
    done
}

# image_fetch_deb PACKAGE VERSION ARCH: downloads the pinned .deb into the cache if needed,
# checks its sha256 and prints its path. Records "deb <file> <sha256> <url>" in $IMAGE_INPUTS.
image_fetch_deb() {
    local file line sha url path got
    file=$(image_deb_file "$1" "$2" "$3")
    line=$(image_pin_line "$file") ||
        image_die "$file is not pinned: add '<sha256>  <url>' to $(image_pin_files | tr ' ' '\n' | tail -n 1) (see docs/boards.md, 'Pins')"
    sha=${line%% *}
    url=${line#* }
    path="$IMAGE_CACHE/debs/$file"
    mkdir -p "$IMAGE_CACHE/debs" 2>/dev/null && [ -w "$IMAGE_CACHE/debs" ] ||
        image_die "cannot write to the cache $IMAGE_CACHE (run as root, or set SKYWIRE_CACHE to a writable directory)"
    if [ ! -f "$path" ]; then
        image_note "downloading $url"
        if ! curl -fsSL --retry 3 -o "$path.part" "$url"; then
            rm -f "$path.part"
            image_die "download failed: $url (a superseded version leaves the mirror; fetch it from https://snapshot.debian.org/ into $IMAGE_CACHE/debs/, or update the pin)"
        fi
        mv "$path.part" "$path"
    fi
    got=$(sha256sum "$path" | cut -d' ' -f1)
    if [ "$got" != "$sha" ]; then
        image_die "$path: sha256 $got, pinned $sha (delete the file to download it again)"
    fi
    [ -n "${IMAGE_INPUTS:-}" ] && printf 'deb %s sha256:%s %s\n' "$file" "$sha" "$url" >> "$IMAGE_INPUTS"
    echo "$path"
}

# image_extract_deb DEBPATH: unpacks a checked .deb once into the cache (keyed by file name,
# which the pin makes unique) and prints the directory.
image_extract_deb() {
    local dir
    dir="$IMAGE_CACHE/extract/$(basename "$1" .deb)"
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        dpkg-deb -x "$1" "$dir" || image_die "cannot unpack $1"
        touch "$dir/.complete"
    fi
    echo "$dir"
}

# image_seconds MS: milliseconds as seconds with two decimals.
image_seconds() { printf '%d.%02d' $(($1 / 1000)) $(($1 % 1000 / 10)); }
