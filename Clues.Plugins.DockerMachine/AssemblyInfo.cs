namespace Clues.Plugins.DockerMachine;
