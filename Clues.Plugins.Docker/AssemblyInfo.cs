namespace Clues.Plugins.Docker;
