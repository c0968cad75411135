module.exports = {
  plugins: ['babel-plugin-styled-components'],
  presets: ['next/babel', '@zeit/next-typescript/babel'],
};
