/// What the PII and secrets rule recognises, with the words near a match that make it likelier.
enum PIICategory: String, CaseIterable {
    case email
    case phoneChineseMobile = "phone_cn_mobile"
    case phoneE164 = "phone_e164"
    case phoneNANP = "phone_nanp"
    case chineseResidentID = "cn_resident_id"
    case creditCard = "credit_card"
    case bankCard = "bank_card"
    case iban
    case ipv4
    case ipv6
    case usSSN = "us_ssn"
    case passport
    case awsAccessKey = "aws_access_key"
    case awsSecretKey = "aws_secret_key"
    case openAIKey = "openai_api_key"
    case githubToken = "github_token"
    case slackToken = "slack_token"
    case googleAPIKey = "google_api_key"
    case stripeKey = "stripe_key"
    case jwt
    case privateKey = "private_key"
    case password
    case highEntropySecret = "high_entropy_secret"

    /// Secrets (credentials) as opposed to personal data; code safety reports these too.
    var isSecret: Bool {
        switch self {
        case .awsAccessKey, .awsSecretKey, .openAIKey, .githubToken, .slackToken, .googleAPIKey, .stripeKey,
             .jwt, .privateKey, .password, .highEntropySecret: true
        default: false
        }
    }

    var label: String {
        switch self {
        case .email: "email address"
        case .phoneChineseMobile: "Chinese mobile number"
        case .phoneE164: "international phone number"
        case .phoneNANP: "North American phone number"
        case .chineseResidentID: "Chinese resident ID number (checksum valid)"
        case .creditCard: "payment card number (Luhn valid)"
        case .bankCard: "bank card number (Luhn valid)"
        case .iban: "IBAN (mod-97 valid)"
        case .ipv4: "IPv4 address"
        case .ipv6: "IPv6 address"
        case .usSSN: "US social security number"
        case .passport: "passport number"
        case .awsAccessKey: "AWS access key id"
        case .awsSecretKey: "AWS secret access key"
        case .openAIKey: "OpenAI-style API key"
        case .githubToken: "GitHub token"
        case .slackToken: "Slack token"
        case .googleAPIKey: "Google API key"
        case .stripeKey: "Stripe secret key"
        case .jwt: "JSON Web Token"
        case .privateKey: "private key block"
        case .password: "password or secret assigned in text"
        case .highEntropySecret: "high-entropy token (likely a secret)"
        }
    }

    /// Words near a match that make it likelier (nil: none).
    var contextWords: ContextWords? {
        switch self {
        case .email: ContextWordLists.email
        case .phoneChineseMobile, .phoneE164, .phoneNANP: ContextWordLists.phone
        case .chineseResidentID: ContextWordLists.residentID
        case .creditCard, .bankCard: ContextWordLists.card
        case .iban: ContextWordLists.iban
        case .ipv4, .ipv6: ContextWordLists.address
        case .usSSN: ContextWordLists.ssn
        case .passport: ContextWordLists.passport
        default: isSecret ? ContextWordLists.secret : nil
        }
    }

    /// The score of a match before context words count.
    var baseScore: Double {
        switch self {
        case .email: 0.9
        case .phoneChineseMobile: 0.85
        case .phoneE164: 0.8
        case .phoneNANP: 0.7
        case .chineseResidentID: 0.95
        case .creditCard: 0.95
        case .bankCard: 0.9
        case .iban: 0.95
        case .ipv4, .ipv6: 0.8
        case .usSSN: 0.85
        case .passport: 0.85
        case .awsAccessKey: 0.95
        case .awsSecretKey: 0.9
        case .openAIKey, .githubToken, .slackToken, .googleAPIKey, .stripeKey: 0.95
        case .jwt: 0.9
        case .privateKey: 0.99
        case .password: 0.85
        case .highEntropySecret: 0.7
        }
    }
}

/// The context word lists, built once.
enum ContextWordLists {
    static let email = ContextWords(["email", "e-mail", "mail", "contact", "邮箱", "邮件", "联系"])
    static let phone = ContextWords(["phone", "tel", "mobile", "call", "whatsapp", "手机", "电话", "联系", "号码"])
    static let residentID = ContextWords(["身份证", "证件", "id card", "identity", "id number", "身份"])
    static let card = ContextWords(["card", "visa", "mastercard", "amex", "credit", "debit", "卡号", "银行卡", "信用卡", "付款"])
    static let iban = ContextWords(["iban", "account", "bank", "transfer", "账户", "账号", "汇款"])
    static let address = ContextWords(["ip", "address", "server", "host", "地址", "服务器"])
    static let ssn = ContextWords(["ssn", "social security", "社会安全"])
    static let passport = ContextWords(["passport", "护照"])
    static let secret = ContextWords(["key", "token", "secret", "password", "credential", "auth", "密钥", "令牌", "密码", "凭证"])
    static let aws = ContextWords(["aws"])
    static let privateKeyHeader = ContextWords(["private key-----"])
}
