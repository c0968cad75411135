module.exports = require('@spotify/web-scripts/config/eslintrc.js');
