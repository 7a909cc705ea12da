import Glibc
import Testing
import SkywireIO

/// A fresh private directory under /tmp, removed by the caller.
func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/skywire-io-test-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    try #require(made != nil)
    return String(cString: template)
}

func removeTree(_ path: String) {
    // Test directories hold only a subdirectory and socket files.
    if let directory = opendir(path) {
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if unlink(child) != 0 { removeTree(child) }
        }
        closedir(directory)
    }
    rmdir(path)
}

/// Serves one request: accepts, reads the line, answers `reply(line)` and closes.
func serveOne(_ listener: UnixControlListener, reply: (String) -> String) throws {
    var connection: UnixStreamConnection?
    for _ in 0..<2000 where connection == nil {
        connection = try listener.accept()
        if connection == nil { usleep(1000) }
    }
    let stream = try #require(connection)
    var request: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 256)
    while !request.contains(UInt8(ascii: "\n")) {
        let count = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
        if count == 0 { break }
        if let count { request += chunk[0..<count] } else { usleep(1000) }
    }
    let line = String(decoding: request.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    let response = Array(reply(line).utf8)
    var offset = 0
    while offset < response.count {
        let written = try response.withUnsafeBytes { try stream.write(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
        if let written { offset += written } else { usleep(1000) }
    }
}

@Suite struct UnixControlSocketTests {
    @Test func createsPrivateSocketAndDirectory() throws {
        let root = try makeTemporaryDirectory()
        defer { removeTree(root) }
        let path = root + "/run/control.sock"
        let listener = try UnixControlListener(path: path)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(root + "/run", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        _ = listener
    }

    @Test func requestResponseRoundTrip() throws {
        let root = try makeTemporaryDirectory()
        defer { removeTree(root) }
        let path = root + "/control.sock"
        let listener = try UnixControlListener(path: path)
        #expect(try listener.accept() == nil)
        // The client's request fits in the socket buffer, so one thread can play both sides.
        let client = try UnixControlClient(connectingTo: path, timeoutSeconds: 5)
        try client.sendRequest("status --json ✓")
        try serveOne(listener) { line in "ok: \(line)\n" + String(repeating: "x", count: 10_000) }
        let response = try client.readResponse()
        let text = String(decoding: response, as: UTF8.self)
        #expect(text.hasPrefix("ok: status --json ✓\n"))
        #expect(response.count == "ok: status --json ✓\n".utf8.count + 10_000)
    }

    @Test func clientChecksItsInput() throws {
        let root = try makeTemporaryDirectory()
        defer { removeTree(root) }
        let path = root + "/control.sock"
        let listener = try UnixControlListener(path: path)
        let client = try UnixControlClient(connectingTo: path, timeoutSeconds: 5)
        #expect(throws: ControlSocketError.requestNotOneLine) { try client.sendRequest("a\nb") }
        try client.sendRequest("big")
        try serveOne(listener) { _ in String(repeating: "y", count: 5000) }
        #expect(throws: ControlSocketError.responseTooLarge(limit: 100)) { _ = try client.readResponse(limit: 100) }
        #expect(throws: ControlSocketError.self) { _ = try UnixControlClient(connectingTo: root + "/missing.sock") }
        #expect(throws: ControlSocketError.invalidPath(String(repeating: "p", count: 200))) {
            _ = try UnixControlListener(path: String(repeating: "p", count: 200))
        }
    }

    @Test func replacesStaleSocketButRefusesLiveOne() throws {
        let root = try makeTemporaryDirectory()
        defer { removeTree(root) }
        let path = root + "/control.sock"

        // A stale socket file: bound, then its listener closed without unlinking.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (offset, byte) in path.utf8.enumerated() { raw[offset] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        close(stale)
        #expect(access(path, F_OK) == 0)

        let listener = try UnixControlListener(path: path)
        #expect(throws: ControlSocketError.alreadyListening(path)) { _ = try UnixControlListener(path: path) }
        #expect(access(path, F_OK) == 0)  // the live socket was left in place

        // A regular file is never removed.
        let filePath = root + "/not-a-socket"
        close(open(filePath, O_CREAT | O_WRONLY, 0o600))
        #expect(throws: ControlSocketError.notASocket(filePath)) { _ = try UnixControlListener(path: filePath) }
        #expect(access(filePath, F_OK) == 0)
        unlink(filePath)

        // Closing the listener removes its file.
        withExtendedLifetime(listener) {}
    }

    @Test func listenerRemovesItsFileOnDeinit() throws {
        let root = try makeTemporaryDirectory()
        defer { removeTree(root) }
        let path = root + "/control.sock"
        do {
            let listener = try UnixControlListener(path: path)
            #expect(listener.path == path)
        }
        #expect(access(path, F_OK) != 0)
    }
}
