import Foundation

/// Runs a program other than cmir (a shell script, a Slurm command) to its end, as `RunningCommand` runs cmir:
/// spawned and waited for by its process id, output in files. Not Foundation's Process, which notices the end
/// of a child by a descriptor that the daemons a script starts inherit, and so would wait for them too.
public enum ExternalCommand {
    /// Runs `program` (a path, or a name looked up in PATH) with arguments and extra environment.
    public static func run(_ program: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> CommandRunner.Result {
        try RunningCommand([program] + arguments, environment: environment, executable: "/usr/bin/env").finish()
    }
}
