using AnimeGan.Cli;

return CliApp.Run(args);
