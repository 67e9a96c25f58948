assert(false, "assertion with message")
