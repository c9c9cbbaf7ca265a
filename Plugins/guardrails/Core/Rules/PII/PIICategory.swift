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

    static let contextWords: [PIICategory: [[UInt8]]] = {
        func words(_ list: [String]) -> [[UInt8]] { list.map { Array($0.lowercased().utf8) } }
        let phone = words(["phone", "tel", "mobile", "call", "whatsapp", "手机", "电话", "联系", "号码"])
        let card = words(["card", "visa", "mastercard", "amex", "credit", "debit", "卡号", "银行卡", "信用卡", "付款"])
        let secret = words(["key", "token", "secret", "password", "credential", "auth", "密钥", "令牌", "密码", "凭证"])
        var table: [PIICategory: [[UInt8]]] = [
            .email: words(["email", "e-mail", "mail", "contact", "邮箱", "邮件", "联系"]),
            .phoneChineseMobile: phone, .phoneE164: phone, .phoneNANP: phone,
            .chineseResidentID: words(["身份证", "证件", "id card", "identity", "id number", "身份"]),
            .creditCard: card, .bankCard: card,
            .iban: words(["iban", "account", "bank", "transfer", "账户", "账号", "汇款"]),
            .ipv4: words(["ip", "address", "server", "host", "地址", "服务器"]),
            .usSSN: words(["ssn", "social security", "社会安全"]),
            .passport: words(["passport", "护照"]),
        ]
        table[.ipv6] = table[.ipv4]
        for category in allCases where category.isSecret { table[category] = secret }
        return table
    }()
}
