import Glibc
import SkywireCrypto

/// Reading and writing key files (format: ``KeyFileFormat``) safely.
///
/// Writing is atomic: the bytes go to a new temporary file in the same directory (created with
/// `O_CREAT|O_EXCL`, mode 0600), are fsynced, and then the file is linked into place (refusing
/// an existing file) or renamed over the target (`force`); finally the directory is fsynced.
/// A reader therefore sees either no file, the old file, or the complete new file.
///
/// Reading refuses, each with its own ``KeyFileError``: a missing file, a file group or others
/// can access, anything but a regular file, and content that is truncated, malformed, of the
/// wrong kind, or internally inconsistent. It never makes a new key.
public enum KeyFile {
    /// Where a key of `kind` lives when no path is given: node and service keys under
    /// `/var/lib/skywire/`, user keys under `$XDG_CONFIG_HOME/skywire/` (default `~/.config`).
    public static func defaultPath(for kind: KeyKind) -> String {
        switch kind {
        case .node: return "/var/lib/skywire/node.key"
        case .service: return "/var/lib/skywire/service.key"
        case .user:
            if let config = environment("XDG_CONFIG_HOME"), config.hasPrefix("/") {
                return config + "/skywire/user.key"
            }
            if let home = environment("HOME"), !home.isEmpty { return home + "/.config/skywire/user.key" }
            return "user.key"
        }
    }

    /// Reads and checks the key file at `path`; with `kind`, the file must hold that kind.
    public static func read(from path: String, kind: KeyKind? = nil) throws(KeyFileError) -> Identity {
        let fd: Int32
        switch PosixFile.open(path, O_RDONLY | O_NOCTTY) {
        case .success(let descriptor): fd = descriptor
        case .failure(let failure):
            if failure.code == ENOENT { throw .notFound(path: path) }
            throw .system(path: path, operation: "open", errno: failure.code)
        }
        defer { PosixFile.close(fd) }

        var st = stat()
        guard fstat(fd, &st) == 0 else { throw PosixFile.fail(path, "fstat") }
        let mode = UInt32(st.st_mode)
        guard mode & PosixFile.typeMask == PosixFile.regularType else { throw .notRegularFile(path: path) }
        guard mode & 0o077 == 0 else { throw .permissionsTooOpen(path: path, mode: mode & 0o7777) }
        guard Int(st.st_size) <= KeyFileFormat.maximumSize else {
            throw .tooLarge(path: path, size: Int(st.st_size))
        }

        // One byte more than the limit, to notice a file that grew after fstat.
        let buffer = SecretBytes(zeroedCount: KeyFileFormat.maximumSize + 1)
        let count = try buffer.withUnsafeMutableBytes { (b) throws(KeyFileError) -> Int in
            try PosixFile.readAll(fd, into: b, path: path)
        }
        return try buffer.withUnsafeBytes { (b) throws(KeyFileError) -> Identity in
            try KeyFileFormat.parse(UnsafeRawBufferPointer(rebasing: b[0..<count]), path: path, expecting: kind)
        }
    }

    /// Writes `identity` to `path` atomically with mode 0600. Without `force` an existing file
    /// (or anything else at `path`) is left alone and ``KeyFileError/alreadyExists(path:)`` thrown.
    /// With `createDirectories`, missing parent directories are made with mode 0700.
    public static func write(
        _ identity: Identity, to path: String, force: Bool = false, createDirectories: Bool = false
    ) throws(KeyFileError) {
        if !force, try PosixFile.lstatMode(path) != nil { throw .alreadyExists(path: path) }
        let directory = PosixFile.directory(of: path)
        if createDirectories { try PosixFile.makeDirectories(directory, of: path) }

        let temporary = try writeTemporary(identity, beside: path)
        do throws(KeyFileError) {
            try moveIntoPlace(temporary, path: path, force: force)
        } catch {
            _ = unlink(temporary)
            throw error
        }
        try PosixFile.fsyncDirectory(directory, of: path)
    }

    /// Loads the key at `path`, or makes and saves a new one when — and only when — no file is
    /// there. Every other failure (bad permissions, corruption, wrong kind...) is thrown: a
    /// node must never silently change its identity.
    public static func loadOrCreate(
        at path: String, kind: KeyKind, createDirectories: Bool = true
    ) throws(KeyFileError) -> (identity: Identity, created: Bool) {
        do throws(KeyFileError) {
            return (try read(from: path, kind: kind), false)
        } catch {
            guard case .notFound = error else { throw error }
        }
        let identity = Identity.generate(kind: kind)
        do throws(KeyFileError) {
            try write(identity, to: path, force: false, createDirectories: createDirectories)
            return (identity, true)
        } catch {
            // Another process created it first: use theirs.
            guard case .alreadyExists = error else { throw error }
            return (try read(from: path, kind: kind), false)
        }
    }

    // MARK: Steps of write

    /// Creates `.<name>.tmp-<random>` beside `path`, writes and fsyncs the key; returns its path.
    private static func writeTemporary(_ identity: Identity, beside path: String) throws(KeyFileError) -> String {
        let directory = PosixFile.directory(of: path)
        let name = "." + PosixFile.baseName(of: path) + ".tmp-" + Hex.encode(SecureRandom.bytes(8))
        let temporary = directory == "/" ? "/" + name : directory + "/" + name
        let fd: Int32
        switch PosixFile.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600) {
        case .success(let descriptor): fd = descriptor
        case .failure(let failure):
            throw .system(path: path, operation: "create temporary file", errno: failure.code)
        }
        do throws(KeyFileError) {
            // The umask may have taken bits away (never added any); set exactly 0600.
            guard fchmod(fd, 0o600) == 0 else { throw PosixFile.fail(path, "fchmod") }
            let content = KeyFileFormat.serialize(identity)
            try content.withUnsafeBytes { (b) throws(KeyFileError) in try PosixFile.writeAll(fd, b, path: path) }
            try PosixFile.fsync(fd, path: path)
        } catch {
            PosixFile.close(fd)
            _ = unlink(temporary)
            throw error
        }
        PosixFile.close(fd)
        return temporary
    }

    /// Puts the finished temporary file at `path`: rename over it when forcing; otherwise a
    /// hard link, which fails if `path` exists, so a concurrent writer's key is never replaced.
    private static func moveIntoPlace(_ temporary: String, path: String, force: Bool) throws(KeyFileError) {
        if force {
            guard rename(temporary, path) == 0 else { throw PosixFile.fail(path, "rename") }
            return
        }
        if link(temporary, path) == 0 {
            _ = unlink(temporary)
            return
        }
        let code = errno
        if code == EEXIST { throw .alreadyExists(path: path) }
        guard code == EPERM || code == ENOTSUP || code == EMLINK || code == ENOSYS else {
            throw .system(path: path, operation: "link", errno: code)
        }
        // A filesystem without hard links (vfat): check, then rename; the window is tiny.
        if try PosixFile.lstatMode(path) != nil { throw .alreadyExists(path: path) }
        guard rename(temporary, path) == 0 else { throw PosixFile.fail(path, "rename") }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
