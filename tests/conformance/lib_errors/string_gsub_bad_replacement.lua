string.gsub("abc", "b", "%9")
