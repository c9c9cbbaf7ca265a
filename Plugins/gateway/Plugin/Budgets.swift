import AIPConfig
import AIPluginKit
import GatewayCore

extension GatewayPlugin {
    /// A key's budget lives in the cost plugin, on the user its usage is attributed to.
    func setBudget(_ budget: JSONValue, for key: VirtualKey) throws(GatewayError) {
        guard (try? context.lookup("cost.budgets.set")) != nil else {
            throw GatewayError(status: 503, type: "api_error", code: "cost_unavailable", message: "a budget needs the cost plugin, which is not loaded")
        }
        guard case .object(var fields) = budget, fields["limit"] != nil else {
            throw .invalidRequest("budget must be an object with limit (and period, currency, hard)", param: "budget")
        }
        fields["scope"] = "user"
        fields["subject"] = .string(key.user ?? key.id)
        if fields["period"] == nil { fields["period"] = "month" }
        if fields["hard"] == nil { fields["hard"] = true }
        do { _ = try context.call("cost.budgets.set", body: JSONBody.bytes(.object(fields))) } catch let error as CallError {
            throw .invalidRequest("the key \(key.id) was created, but its budget was refused: \(CapabilitySteps.message(of: error.body) ?? error.body)", param: "budget")
        } catch {
            throw .internal("cost.budgets.set failed: \(error)")
        }
    }
}
