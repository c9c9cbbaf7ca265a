print("fetch-bench")
