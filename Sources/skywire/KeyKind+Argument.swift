import ArgumentParser
import SkywireIdentity

/// `--kind node|service|user`.
extension KeyKind: ExpressibleByArgument {}
