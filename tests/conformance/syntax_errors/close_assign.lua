local x <close> = nil
x = 2
