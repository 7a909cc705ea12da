# shellcheck shell=bash
# Cross builds (a board whose architecture is not the build host's): the agent needs a Swift SDK
# for the target. image_require_cross_sdk stops the build, before any other step, with the exact
# steps to get one, unless SKYWIRE_SWIFT_SDK names an installed SDK.
#
# The supported SDK is a glibc one for Debian 12, made by swiftlang/swift-sdk-generator: its
# sysroot has Debian's static glibc (libc.a) and the Swift static runtime, and the four C
# libraries then come, like for x86-64, from the pinned Debian -dev packages of the target
# architecture (agent.sh). Swift's own static Linux SDK (musl) would also need the four C
# libraries built for musl, which this script does not do.

# The Swift release the SDK must match (the host toolchain's).
image_swift_release() {
    swift --version 2>&1 | sed -n 's/.*Swift version \([0-9][0-9.]*\).*/\1/p' | head -n 1
}

image_require_cross_sdk() {
    local release sdk_id
    release=$(image_swift_release)
    release=${release:-6.3.1}
    sdk_id="${release}-RELEASE_debian_bookworm_${ARCH}"
    if [ -n "${SKYWIRE_SWIFT_SDK:-}" ]; then
        if swift sdk list 2>/dev/null | grep -qxF "$SKYWIRE_SWIFT_SDK"; then
            return 0
        fi
        echo "build-image: SKYWIRE_SWIFT_SDK=$SKYWIRE_SWIFT_SDK is not an installed Swift SDK (swift sdk list):" >&2
        swift sdk list 2>&1 | sed 's/^/    /' >&2
        exit 2
    fi
    cat >&2 <<EOF
build-image: board $BOARD is $ARCH ($SWIFT_TRIPLE); this host is $(uname -m).
Missing: a Swift SDK that cross-compiles for $SWIFT_TRIPLE (Swift $release, Debian 12 sysroot
with static glibc). None is installed here (swift sdk list: $(swift sdk list 2>&1 | head -n 1)).

Make and install one (once; needs network, about 1 GB of downloads):

    git clone https://github.com/swiftlang/swift-sdk-generator
    cd swift-sdk-generator
    swift run swift-sdk-generator make-linux-sdk \\
        --target $SWIFT_TRIPLE \\
        --distribution-name debian --distribution-version 12 \\
        --swift-version ${release}-RELEASE
    swift sdk install Bundles/${sdk_id}.artifactbundle
    swift sdk list                    # shows ${sdk_id}

Then build with it:

    SKYWIRE_SWIFT_SDK=${sdk_id} scripts/build-image $BOARD

build-image then runs: swift build -c release --swift-sdk \$SKYWIRE_SWIFT_SDK --static-swift-stdlib
-Xswiftc -static-executable, with the static C libraries from the pinned $DEB_ARCH -dev packages.
Alternatively run scripts/build-image $BOARD on a Debian 12 $ARCH machine with Swift $release
(a native build, no SDK needed), or pass an agent built there: --agent FILE.
Nothing was built or downloaded.
EOF
    exit 2
}
