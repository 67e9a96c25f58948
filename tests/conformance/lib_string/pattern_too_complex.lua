-- deep pattern recursion errors are deterministic
print(pcall(string.match, ("a"):rep(250), ("a?"):rep(250)))
print(#string.match(("a"):rep(150), ("a?"):rep(150)))
print(pcall(string.match, "x", ("("):rep(33) .. "x" .. (")"):rep(33)))
print(#{string.match("abcdefghijklmnopqrstuvwxyzABCDEF", ("(.)"):rep(32))})
