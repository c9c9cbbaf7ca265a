import CostCore

/// The plugin's config section (`plugins.cost` in the host config).
struct CostPluginConfig: Decodable {
    let database: String?
    let maxDatabaseMB: Int?
    let maxBatch: Int
    let queueCapacity: Int
    let anomaly: AnomalySettings?
    let suggestions: SuggestionSettings?

    enum CodingKeys: String, CodingKey {
        case database, maxDatabaseMB = "max_database_mb", maxBatch = "max_batch", queueCapacity = "queue_capacity", anomaly, suggestions
    }

    static let schema = """
        {"type": "object",
         "properties": {
           "database": {"type": "string", "minLength": 1},
           "max_database_mb": {"type": "integer", "minimum": 1},
           "max_batch": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 2000},
           "queue_capacity": {"type": "integer", "minimum": 1, "maximum": 10000000, "default": 100000},
           "anomaly": {"type": "object", "additionalProperties": false,
             "properties": {
               "scopes": {"type": "array", "items": {"enum": ["project", "user", "tenant"]}},
               "trailing_days": {"type": "integer", "minimum": 2, "maximum": 365},
               "minimum_history_days": {"type": "integer", "minimum": 1, "maximum": 365},
               "deviations": {"type": "integer", "minimum": 1, "maximum": 100},
               "minimum_ratio": {"type": "integer", "minimum": 1, "maximum": 1000},
               "minimum_amount": {"type": "string", "pattern": "^[0-9]+(\\\\.[0-9]+)?$"}}},
           "suggestions": {"type": "object", "additionalProperties": false,
             "properties": {
               "window_days": {"type": "integer", "minimum": 1, "maximum": 366},
               "oversized_input_tokens": {"type": "integer", "minimum": 1},
               "prompt_caching_minimum_calls": {"type": "integer", "minimum": 2},
               "prompt_caching_minimum_input_tokens": {"type": "integer", "minimum": 1}}}},
         "additionalProperties": false}
        """
}
