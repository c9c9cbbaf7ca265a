/// The built-in weighted toxicity lexicon (English and Chinese). A category's score is
/// 1 − Π(1 − weight) over the distinct terms found, so one strong term or several weak ones pass
/// its threshold. Operators extend it with `toxicity/*.txt` files or replace it entirely.
enum ToxicityLexicon {
    static let categories = ["insult", "threat", "sexual", "hate"]

    static let terms: [(String, String, Double)] = [
        // insult
        ("idiot", "insult", 0.6), ("stupid", "insult", 0.45), ("moron", "insult", 0.7), ("dumbass", "insult", 0.8),
        ("imbecile", "insult", 0.7), ("loser", "insult", 0.4), ("pathetic", "insult", 0.35), ("worthless", "insult", 0.45),
        ("shut up", "insult", 0.4), ("piece of shit", "insult", 0.9), ("asshole", "insult", 0.85), ("bastard", "insult", 0.7),
        ("bitch", "insult", 0.8), ("jerk", "insult", 0.4), ("scumbag", "insult", 0.8), ("retard", "insult", 0.85),
        ("fuck you", "insult", 0.9), ("you suck", "insult", 0.6), ("dickhead", "insult", 0.85), ("clown", "insult", 0.3),
        ("傻逼", "insult", 0.9), ("傻子", "insult", 0.6), ("白痴", "insult", 0.7), ("蠢货", "insult", 0.75), ("废物", "insult", 0.6),
        ("弱智", "insult", 0.75), ("脑残", "insult", 0.75), ("滚蛋", "insult", 0.6), ("混蛋", "insult", 0.7), ("王八蛋", "insult", 0.8),
        ("贱人", "insult", 0.85), ("去死", "insult", 0.6), ("神经病", "insult", 0.45), ("垃圾", "insult", 0.3), ("闭嘴", "insult", 0.4),
        ("笨蛋", "insult", 0.5), ("蠢", "insult", 0.3), ("人渣", "insult", 0.85), ("狗东西", "insult", 0.8), ("他妈的", "insult", 0.7),
        // threat
        ("kill you", "threat", 0.9), ("i will kill", "threat", 0.9), ("hurt you", "threat", 0.75), ("beat you up", "threat", 0.8),
        ("you will die", "threat", 0.85), ("watch your back", "threat", 0.6), ("i know where you live", "threat", 0.85),
        ("burn your house", "threat", 0.9), ("shoot you", "threat", 0.9), ("stab you", "threat", 0.9), ("destroy you", "threat", 0.55),
        ("make you pay", "threat", 0.5), ("you're dead", "threat", 0.7), ("break your legs", "threat", 0.85),
        ("杀了你", "threat", 0.9), ("弄死你", "threat", 0.9), ("打死你", "threat", 0.85), ("砍死你", "threat", 0.9),
        ("让你好看", "threat", 0.6), ("你等着", "threat", 0.45), ("你死定了", "threat", 0.8), ("我知道你住哪", "threat", 0.85),
        ("烧了你家", "threat", 0.9), ("废了你", "threat", 0.8), ("要你的命", "threat", 0.9), ("揍你", "threat", 0.7),
        // sexual
        ("porn", "sexual", 0.7), ("pornography", "sexual", 0.7), ("nude photos", "sexual", 0.75), ("nudes", "sexual", 0.7),
        ("blowjob", "sexual", 0.9), ("have sex with", "sexual", 0.6), ("sexual favors", "sexual", 0.7), ("horny", "sexual", 0.6),
        ("cum", "sexual", 0.6), ("dick pic", "sexual", 0.85), ("explicit sex", "sexual", 0.8), ("xxx video", "sexual", 0.8),
        ("色情", "sexual", 0.7), ("黄片", "sexual", 0.8), ("裸照", "sexual", 0.75), ("做爱", "sexual", 0.6), ("约炮", "sexual", 0.85),
        ("性交", "sexual", 0.6), ("淫秽", "sexual", 0.8), ("卖淫", "sexual", 0.7), ("操你", "sexual", 0.8), ("成人视频", "sexual", 0.7),
        // hate
        ("subhuman", "hate", 0.8), ("vermin", "hate", 0.5), ("go back to your country", "hate", 0.8), ("inferior race", "hate", 0.9),
        ("ethnic cleansing", "hate", 0.8), ("should be exterminated", "hate", 0.95), ("white power", "hate", 0.8),
        ("heil hitler", "hate", 0.9), ("gas the", "hate", 0.8), ("all muslims are", "hate", 0.6), ("all jews are", "hate", 0.6),
        ("all blacks are", "hate", 0.6), ("all immigrants are", "hate", 0.5), ("race traitor", "hate", 0.8),
        ("劣等民族", "hate", 0.9), ("滚出中国", "hate", 0.7), ("支那", "hate", 0.85), ("黑鬼", "hate", 0.9), ("杂种", "hate", 0.8),
        ("种族清洗", "hate", 0.85), ("都该死", "hate", 0.8), ("低等人", "hate", 0.8), ("畜生不如", "hate", 0.6), ("灭绝他们", "hate", 0.9),
    ]

    static var entries: [LexiconEntry] {
        terms.map { LexiconEntry(text: $0.0, role: .toxicity, category: $0.1, weight: $0.2, origin: "built-in") }
    }
}

/// Built-in topic sets. Politics is on by default; operators add topics in config or in
/// `topics/NAME.txt`.
enum TopicLexicon {
    static let politics: [(String, Double)] = [
        ("election", 0.5), ("elections", 0.5), ("president", 0.35), ("presidential", 0.5), ("parliament", 0.5), ("senate", 0.45),
        ("congress", 0.4), ("political party", 0.6), ("democrats", 0.55), ("republicans", 0.55), ("vote for", 0.45),
        ("campaign", 0.2), ("politics", 0.6), ("political", 0.45), ("government", 0.3), ("prime minister", 0.5),
        ("ballot", 0.45), ("legislation", 0.35), ("impeachment", 0.6), ("left-wing", 0.55), ("right-wing", 0.55),
        ("geopolitics", 0.6), ("dictator", 0.5), ("regime", 0.45), ("protest", 0.3), ("sanctions", 0.3), ("trump", 0.5),
        ("biden", 0.5), ("communist party", 0.7), ("election fraud", 0.8), ("policy debate", 0.4), ("taiwan independence", 0.8),
        ("选举", 0.5), ("大选", 0.6), ("总统", 0.4), ("政府", 0.3), ("政党", 0.6), ("议会", 0.5), ("政治", 0.6), ("共产党", 0.7), ("国民党", 0.7),
        ("人大", 0.4), ("政协", 0.5), ("投票", 0.3), ("主席", 0.3), ("领导人", 0.4), ("独裁", 0.6), ("民主", 0.4), ("抗议", 0.3),
        ("游行", 0.35), ("台独", 0.8), ("港独", 0.8), ("六四", 0.7), ("天安门事件", 0.8), ("政权", 0.5), ("制裁", 0.3), ("外交部", 0.4),
    ]

    static var entries: [LexiconEntry] {
        politics.map { LexiconEntry(text: $0.0, role: .topic, category: "politics", weight: $0.1, origin: "built-in") }
    }
}
