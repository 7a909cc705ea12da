import Glibc

/// Runs a helper program (only `nft`) with posix_spawn: bytes to its stdin, its stderr back.
/// No shell is involved; the environment is fixed (`LANG=C`, a system `PATH`).
enum ProcessRunner {
    struct Outcome {
        /// The exit status, or 128 + the signal number when a signal ended it.
        var status: Int32
        var standardError: [UInt8]

        /// The first line of stderr, trimmed (for error messages).
        var firstErrorLine: String {
            let line = standardError.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).first ?? []
            return String(decoding: line.prefix(300), as: UTF8.self)
        }
    }

    /// Runs `path` with `arguments`, writes `input` to its stdin, waits for it to exit.
    /// Its stdout is discarded; stderr is kept (up to 64 KiB).
    static func run(_ path: String, arguments: [String], input: [UInt8]) throws(NetworkSetupError) -> Outcome {
        // Socket pairs, not pipes: writing after the child exited gives EPIPE (MSG_NOSIGNAL), not
        // SIGPIPE; and SOCK_CLOEXEC keeps them out of other children (dup2 clears it in this one).
        var stdinPair: [Int32] = [-1, -1]
        var stderrPair: [Int32] = [-1, -1]
        let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, streamType, 0, &stdinPair) == 0 else {
            throw .commandUnavailable(path: path, errno: errno)
        }
        guard socketpair(AF_UNIX, streamType, 0, &stderrPair) == 0 else {
            let code = errno
            stdinPair.forEach(closeDescriptor)
            throw .commandUnavailable(path: path, errno: code)
        }
        let nullFD = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer {
            closeDescriptor(nullFD)
            closeDescriptor(stdinPair[0])
            closeDescriptor(stderrPair[0])
        }
        let pid: pid_t
        do throws(NetworkSetupError) {
            pid = try spawn(path, arguments: arguments, stdin: stdinPair[1], stdout: nullFD, stderr: stderrPair[1])
        } catch {
            closeDescriptor(stdinPair[1])
            closeDescriptor(stderrPair[1])
            throw error
        }
        closeDescriptor(stdinPair[1])
        closeDescriptor(stderrPair[1])
        let standardError = exchange(input: input, stdin: stdinPair[0], stderr: stderrPair[0])
        return Outcome(status: waitForExit(pid), standardError: standardError)
    }

    private static func spawn(
        _ path: String, arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32
    ) throws(NetworkSetupError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) }
        let environment = ["LANG=C", "LC_ALL=C", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { args in
            (envp + [nil]).withUnsafeBufferPointer { env in
                posix_spawn(&pid, path, &actions, nil, args.baseAddress!, env.baseAddress!)
            }
        }
        guard result == 0 else { throw .commandUnavailable(path: path, errno: result) }
        return pid
    }

    /// Writes `input` and reads stderr at the same time (poll), so neither side can block the other.
    private static func exchange(input: [UInt8], stdin: Int32, stderr: Int32) -> [UInt8] {
        var collected: [UInt8] = []
        var written = 0
        var stdinOpen = true
        var chunk = [UInt8](repeating: 0, count: 4096)
        if input.isEmpty { _ = shutdown(stdin, Int32(SHUT_WR)); stdinOpen = false }
        while true {
            var fds = [pollfd(fd: stderr, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stdinOpen ? stdin : -1, events: Int16(POLLOUT), revents: 0)]
            let ready = poll(&fds, 2, 30_000)
            if ready < 0 { if errno == EINTR { continue } else { break } }
            if ready == 0 { break }  // 30 s without progress: give up on the exchange
            if stdinOpen, fds[1].revents != 0 {
                let n = input.withUnsafeBytes { bytes in
                    send(stdin, bytes.baseAddress! + written, bytes.count - written, Int32(MSG_NOSIGNAL))
                }
                if n > 0 { written += n }
                if n < 0, errno != EINTR, errno != EAGAIN { written = input.count }
                if written == input.count { _ = shutdown(stdin, Int32(SHUT_WR)); stdinOpen = false }
            }
            if fds[0].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(stderr, $0.baseAddress, $0.count) }
                if n > 0, collected.count < 65_536 { collected += chunk[0..<n] }
                if n == 0 || (n < 0 && errno != EINTR) { break }
            }
        }
        if stdinOpen { _ = shutdown(stdin, Int32(SHUT_WR)) }
        return collected
    }

    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 255 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
