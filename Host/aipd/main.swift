print("aipd")
