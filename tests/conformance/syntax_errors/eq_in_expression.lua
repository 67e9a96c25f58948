if a = 1 then end
