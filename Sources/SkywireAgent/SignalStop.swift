import Glibc

/// The descriptor the signal handler writes to (an eventfd), and the last signal it saw.
/// Set before the handler is installed; only read by the handler afterwards.
nonisolated(unsafe) private var signalWakeDescriptor: Int32 = -1
nonisolated(unsafe) private var lastSignal: Int32 = 0

/// Async-signal-safe: stores the signal number and writes to the eventfd.
private func handleTerminationSignal(_ signal: Int32) {
    lastSignal = signal
    var one: UInt64 = 1
    _ = write(signalWakeDescriptor, &one, MemoryLayout<UInt64>.size)
}

/// SIGINT and SIGTERM wake the agent's loop (through its eventfd) instead of killing the
/// process, so it can leave cleanly and remove its control socket. A handler (not signalfd),
/// because signalfd needs the signals blocked in every thread, including runtime threads
/// started before the agent.
enum SignalStop {
    /// Routes SIGINT and SIGTERM to `descriptor`. Later calls replace the descriptor.
    static func install(wakingDescriptor descriptor: Int32) {
        signalWakeDescriptor = descriptor
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handleTerminationSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        // A control client that disappears must not kill the agent (writes use MSG_NOSIGNAL too).
        signal(SIGPIPE, SIG_IGN)
    }

    /// The signal that arrived last (0 if none), by name.
    static var lastSignalName: String? {
        switch lastSignal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: nil
        }
    }
}
