import Foundation

/// The one-node Slurm cluster of scripts/slurm (start-single-node) and its jobs, for the integration test.
public enum SingleNodeSlurm {
    public static let scripts = TestImages.checkoutRoot.appendingPathComponent("scripts/slurm")

    /// Whether the daemons can be started here: as root, with Slurm's and munge's programs installed, on a machine
    /// whose Slurm configuration is absent or the script's own (never a real cluster's).
    public static var canStart: Bool {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        let configuration = (try? String(contentsOfFile: "/etc/slurm/slurm.conf", encoding: .utf8)) ?? ""
        return getuid() == 0 && (configuration.isEmpty || configuration.hasPrefix("# Written by cmir's scripts/slurm/start-single-node"))
            && ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol"].allSatisfy { name in
                paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
            }
    }

    /// Starts the cluster (or finds it running); throws with the script's reason when it cannot. Returns whether
    /// it was stopped before, i.e. whether whoever started it should stop it again.
    @discardableResult
    public static func start() throws -> Bool {
        let wasRunning = isRunning
        let started = try ExternalCommand.run(scripts.appendingPathComponent("start-single-node").path)
        guard started.status == 0 else { throw failure("start-single-node: \(started.stderr)") }
        return !wasRunning
    }

    /// Stops the cluster (scripts/slurm/stop-single-node).
    public static func stop() {
        _ = try? ExternalCommand.run(scripts.appendingPathComponent("stop-single-node").path)
    }

    /// Whether slurmctld runs (its pid file names a live process).
    static var isRunning: Bool {
        guard let text = try? String(contentsOfFile: "/run/slurmctld.pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return false
        }
        return kill(pid, 0) == 0
    }

    /// The job ids that submit-index printed ("index array job A (...), manifest job B after it").
    public struct Submission {
        public let indexJob: String
        public let manifestJob: String
        public let output: String
    }

    /// Runs scripts/slurm/submit-index with `arguments`, using this build's cmir.
    public static func submit(_ arguments: [String]) throws -> Submission {
        let submitted = try ExternalCommand.run(scripts.appendingPathComponent("submit-index").path, arguments,
                                                environment: ["CMIR": CommandRunner.executable.path])
        guard submitted.status == 0 else { throw failure("submit-index: \(submitted.stderr)") }
        return try submission(printedBy: submitted.stdout)
    }

    /// The job ids in submit-index's first line.
    public static func submission(printedBy output: String) throws -> Submission {
        let words = output.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let array = words.firstIndex(of: "array"), let manifest = words.firstIndex(of: "manifest"), manifest + 2 < words.count,
              array + 2 < words.count, words[array + 1] == "job", words[manifest + 1] == "job" else {
            throw failure("submit-index printed no job ids: \(output)")
        }
        return Submission(indexJob: words[array + 2], manifestJob: words[manifest + 2], output: output)
    }

    /// Waits until none of the jobs is pending or running, up to `seconds`.
    public static func waitForJobs(_ jobs: [String], upTo seconds: Double = 90) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let queue = try ExternalCommand.run("squeue", ["--noheader", "--jobs=\(jobs.joined(separator: ","))"])
            if queue.status == 0 && queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            guard Date() < deadline else { throw failure("jobs \(jobs) still queued after \(Int(seconds)) s: \(queue.stdout)\(queue.stderr)") }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    /// The final states of a job (one per array task: COMPLETED, FAILED, ...).
    public static func states(of job: String) throws -> [String] {
        let shown = try ExternalCommand.run("scontrol", ["show", "job", job])
        return shown.stdout.split(whereSeparator: \.isWhitespace).compactMap { word in
            word.hasPrefix("JobState=") ? String(word.dropFirst("JobState=".count)) : nil
        }
    }

    private static func failure(_ reason: String) -> any Error {
        CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: reason])
    }
}
