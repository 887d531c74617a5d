import EdgeMemory

/// One benchmark case: a model on a device at a precision and sharing schedule, for a prompt and a number of
/// decode tokens. Its deterministic figures come from the simulator; with `measure`, the host runtime also runs it.
public struct BenchCase: Codable, Sendable, Equatable {
    /// Unique id within the suite (letters, digits, `-`, `_`, `.`); results and gates name cases by it.
    public var id: String
    /// A preset name, or a path to a Hugging Face config.json (relative to the suite file).
    public var model: String
    /// A device profile id, or a path to a profile file (relative to the suite file).
    public var device: String
    /// Weight precision (`f32`, `f16`, `int8`, `int4-g32` …); nil keeps the model's own.
    public var precision: String?
    /// Sharing strategy (`none`, `immediate`, `repeat-all-over`, `reverse`); nil keeps the model's own.
    public var strategy: String?
    /// Times each block runs (k); nil: 2 when sharing, 1 for `none`.
    public var repeats: Int?
    /// Prompt tokens (one prefill step) and decode tokens.
    public var prompt: Int
    public var tokens: Int
    /// Memory model of the simulation: `fast` (default) or `exact`.
    public var mode: SimulationMode?
    /// Whether `bench --mode measured|all` also runs the case on this host (it must fit this machine's memory).
    public var measure: Bool?

    public init(id: String, model: String, device: String, precision: String? = nil, strategy: String? = nil,
                repeats: Int? = nil, prompt: Int, tokens: Int, mode: SimulationMode? = nil, measure: Bool? = nil) {
        self.id = id
        self.model = model
        self.device = device
        self.precision = precision
        self.strategy = strategy
        self.repeats = repeats
        self.prompt = prompt
        self.tokens = tokens
        self.mode = mode
        self.measure = measure
    }
}
