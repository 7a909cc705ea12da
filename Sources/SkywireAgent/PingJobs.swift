import SkywireCrypto
import SkywireNode

/// The `ping` requests in progress: each sends its echo requests one after another through the
/// node (the first sets up the route, the others ride on it), at most one outstanding, the next
/// `interval` after the previous one left (or at once when its answer came later), and is
/// answered on its control connection when the last one is answered or timed out.
final class PingJobs {
    /// Most `ping` requests in progress at once (more are refused).
    static let maximumJobs = 8
    /// Time between the starts of two pings of one request.
    static let interval: UInt64 = 1_000_000_000

    private final class Job {
        let token: UInt64
        let destination: PublicKey
        let count: Int
        let json: Bool
        var outcomes: [PingReport.Outcome] = []
        /// The ping waiting for its answer.
        var current: PingID?
        var lastSentAt: UInt64 = 0
        /// When the next ping goes out (nil: one is outstanding, or all are done).
        var nextAt: UInt64?

        init(token: UInt64, destination: PublicKey, count: Int, json: Bool) {
            self.token = token
            self.destination = destination
            self.count = count
            self.json = json
        }

        var isDone: Bool { outcomes.count >= count }

        var report: String {
            let report = PingReport(destination: AgentText.nodeAddress(destination), outcomes: outcomes)
            return json ? report.json.render() + "\n" : report.text
        }
    }

    private var jobs: [Job] = []

    /// The earliest time a job sends its next ping.
    var nextDeadline: UInt64? { jobs.compactMap(\.nextAt).min() }

    /// Starts a request on connection `token`: its first ping goes out now. An immediate failure
    /// (no path yet, too many requests) is the reply; otherwise the reply comes through
    /// `finished` by `deadline` at the latest.
    func start(
        _ destination: PublicKey, count: Int, json: Bool, token: UInt64, node: SkywireNode, now: UInt64
    ) -> ControlAnswer {
        guard jobs.count < PingJobs.maximumJobs else { return .reply("error too many pings in progress\n") }
        let job = Job(token: token, destination: destination, count: count, json: json)
        do throws(RouteFailure) {
            job.current = try node.ping(destination, now: now)
        } catch {
            return .reply("error no route to \(AgentText.nodeAddress(destination)): \(AgentText.describe(error))\n")
        }
        job.lastSentAt = now
        jobs.append(job)
        // Every ping may wait for its timeout; a second of slack for the last answer.
        let perPing = max(PingJobs.interval, node.config.pingTimeout)
        return .deferred(deadline: now &+ UInt64(count) &* perPing &+ 1_000_000_000)
    }

    /// A node event: a ping's answer or timeout moves its job on. Returns the finished job's
    /// connection token and reply, if this finished one.
    func handle(_ event: NodeEvent, now: UInt64) -> (token: UInt64, reply: String)? {
        let id: PingID, outcome: PingReport.Outcome
        switch event {
        case .pingReply(let ping, _, let rtt, let hops):
            (id, outcome) = (ping, .reply(rttNanos: rtt, hops: hops))
        case .pingTimeout(let ping):
            (id, outcome) = (ping, .timeout)
        case .neighborUp, .neighborDown, .recordPublished, .routeUp, .routeAnswered, .routeDown, .routeArrived,
             .pingAnswered, .datagram, .routeFailed, .session:
            return nil
        }
        guard let index = jobs.firstIndex(where: { $0.current == id }) else { return nil }
        let job = jobs[index]
        job.current = nil
        job.outcomes.append(outcome)
        if job.isDone {
            jobs.remove(at: index)
            return (job.token, job.report)
        }
        job.nextAt = max(now, job.lastSentAt &+ PingJobs.interval)
        return nil
    }

    /// Sends the pings that are due. Returns the jobs that finished (their last ping could not
    /// be sent).
    func sendDue(node: SkywireNode, now: UInt64) -> [(token: UInt64, reply: String)] {
        var finished: [(token: UInt64, reply: String)] = []
        for job in jobs {
            guard let at = job.nextAt, at <= now else { continue }
            job.nextAt = nil
            job.lastSentAt = now
            do throws(RouteFailure) {
                job.current = try node.ping(job.destination, now: now)
            } catch {
                job.outcomes.append(.failed(AgentText.describe(error)))
                if job.isDone {
                    finished.append((job.token, job.report))
                } else {
                    job.nextAt = now &+ PingJobs.interval
                }
            }
        }
        jobs.removeAll { $0.isDone }
        return finished
    }

    /// Forgets the job of a connection that closed unanswered.
    func cancel(token: UInt64) {
        jobs.removeAll { $0.token == token }
    }
}
