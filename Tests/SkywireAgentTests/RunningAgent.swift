import Foundation
import SkywireAgent

/// An `Agent` running its loop on its own thread, stopped and joined by `stop()`.
final class RunningAgent: @unchecked Sendable {
    let agent: Agent
    private let finished = DispatchSemaphore(value: 0)
    private(set) var failure: AgentError?

    init(_ agent: Agent) {
        self.agent = agent
        let thread = Thread { [self] in
            do {
                try agent.run()
            } catch {
                failure = error as? AgentError
            }
            finished.signal()
        }
        thread.start()
    }

    /// Asks the loop to stop and waits (at most 5 s) for it; true if it stopped.
    @discardableResult
    func stop() -> Bool {
        agent.requestStop()
        return finished.wait(timeout: .now() + 5) == .success
    }
}

/// Log lines collected in memory (thread-safe).
final class LogCollector: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()

    var logger: Logger { Logger(level: .debug) { [self] line in append(line) } }

    private func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass.
func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return condition()
}
