local alpha = require("alpha")
return {via = alpha.name}
