collectgarbage("sometimes")
