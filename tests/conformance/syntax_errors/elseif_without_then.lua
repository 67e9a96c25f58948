if a then elseif b end
