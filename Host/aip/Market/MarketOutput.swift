import AIPMarket
import Foundation

/// How market commands print plans and packages, for people and (with --json) for scripts.
enum MarketOutput {
    struct PlanStep: Encodable {
        let action: String
        let name: String
        let from: String?
        let to: String?
        let marketplace: String?
        let archive: String?
        let sha256: String?
    }

    struct PlanReport: Encodable {
        let ok = true
        let dryRun: Bool
        let steps: [PlanStep]
        let pins: [String: Bool]
        enum CodingKeys: String, CodingKey { case ok, dryRun = "dry_run", steps, pins }
    }

    static func plan(_ plan: MarketPlan, dryRun: Bool, json: Bool) {
        if json {
            Output.json(PlanReport(dryRun: dryRun, steps: plan.steps.map { step in
                PlanStep(action: step.action, name: step.name, from: step.fromVersion?.description,
                         to: step.target?.version.description, marketplace: step.target?.marketplace,
                         archive: step.target?.archiveURL, sha256: step.target?.release.sha256)
            }, pins: plan.pins))
            return
        }
        if plan.isEmpty {
            Output.line("nothing to do")
            return
        }
        for step in plan.steps { Output.line(step.summary) }
        for (name, pinned) in plan.pins.sorted(by: { $0.key < $1.key }) { Output.line("\(pinned ? "pin" : "unpin") \(name)") }
        if dryRun { Output.line("(dry run: nothing was changed)") }
    }
}
