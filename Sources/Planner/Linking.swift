import Catalog

/// What links a candidate program to a role: the finest occupation level that the role's
/// occupation shares with the program's (or its major's) occupation links, or the text alone.
///
/// Retrieval degrades in this order: a role is served at the policy's `floor` (in practice an
/// exact code, or a hierarchy match with strong text), and a role that gets no candidate there is
/// searched again at `fallbackFloor` (`ScoringPolicy`), where a 小类 or 中类 match plus the text,
/// or the text alone, suffices. Every edge records which kind of evidence it rests on.
public enum LinkEvidence: String, Sendable, Codable, CaseIterable {
    /// The role's 细类 is one of the program's occupation links.
    case exactCode
    /// They share the 小类 (the first three parts of the code).
    case sameMinorGroup
    /// They share the 中类 (the first two parts).
    case sameMiddleGroup
    /// No shared occupation level (or the role has no occupation): the text alone.
    case textOnly

    /// 同职业 / 同小类 / 同中类 / 仅文本.
    public var chinese: String {
        switch self {
        case .exactCode: "同职业"
        case .sameMinorGroup: "同小类"
        case .sameMiddleGroup: "同中类"
        case .textOnly: "仅文本"
        }
    }
}

/// The occupation columns of a role's code, -1 where the code has no such level.
struct RoleOccupationColumns: Sendable {
    var unit: Int32 = -1
    var minor: Int32 = -1
    var middle: Int32 = -1
}

extension MatchSpace {
    /// The evidence behind profile `profile`'s score for role `role`.
    /// - Complexity: O(occupation links of the profile).
    public func evidence(profile: Int, role: Int) -> LinkEvidence {
        let rc = roleOccupation[role]
        let pc = profileOccupationColumns[profile]
        if rc.unit >= 0 && pc.contains(rc.unit) { return .exactCode }
        if rc.minor >= 0 && pc.contains(rc.minor) { return .sameMinorGroup }
        if rc.middle >= 0 && pc.contains(rc.middle) { return .sameMiddleGroup }
        return .textOnly
    }

    /// The evidence behind program `program`'s score for role `role` (`textOnly` for a program without a major).
    public func evidence(program: Int, role: Int) -> LinkEvidence {
        let p = programProfile[program]
        return p >= 0 ? evidence(profile: Int(p), role: role) : .textOnly
    }

    /// Why `profile` scores what it does for `role`: the text features they share, each with its
    /// contribution to the dot product, best first, and the occupation evidence with its part.
    /// `features` is `vectorizer.featureTexts()` (taken once by a caller explaining many pairs).
    /// - Complexity: O(entries of the two rows).
    public func explain(profile: Int, role: Int, features: [String]) -> ScoreExplanation {
        let q = queries.row(role)
        let p = profiles.row(profile)
        var shared: [(feature: String, contribution: Float)] = []
        var occPart: Float = 0
        var text: Float = 0
        let textColumns = Int32(vectorizer.columnCount)
        // Both rows are sorted by column: one merge.
        var i = 0
        var j = 0
        while i < q.columns.count && j < p.columns.count {
            let (a, b) = (q.columns[i], p.columns[j])
            if a < b {
                i += 1
            } else if b < a {
                j += 1
            } else {
                let x = q.values[i] * p.values[j]
                if a < textColumns {
                    shared.append((features[Int(a)], x))
                    text += x
                } else {
                    occPart += x
                }
                i += 1
                j += 1
            }
        }
        shared.sort { $0.contribution > $1.contribution || ($0.contribution == $1.contribution && $0.feature < $1.feature) }
        return ScoreExplanation(
            evidence: evidence(profile: profile, role: role), textPart: text, occupationPart: occPart, sharedFeatures: shared)
    }
}

/// The parts of one role–profile score: `textPart + occupationPart` is the dot product.
public struct ScoreExplanation: Sendable {
    /// The finest shared occupation level.
    public var evidence: LinkEvidence
    /// α·cos (or cos for a role without an occupation).
    public var textPart: Float
    /// (1−α)·occ.
    public var occupationPart: Float
    /// The shared text features and what each adds, best first.
    public var sharedFeatures: [(feature: String, contribution: Float)]
}
