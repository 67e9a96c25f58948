for i, v in ipairs() do end
