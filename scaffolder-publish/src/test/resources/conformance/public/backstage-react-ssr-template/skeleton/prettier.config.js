module.exports = require('@spotify/web-scripts/config/prettier.config.js');
