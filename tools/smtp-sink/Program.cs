using System.Globalization;
using TenantSite.SmtpSink;

// dotnet run --project tools/smtp-sink -- [port] [folder]: ./run.sh's local mail server (see MailSink).
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2525;
var folder = args.Length > 1 ? args[1] : null;
await using var sink = await MailSink.StartAsync(port, folder, Console.Out);
Console.WriteLine($"smtp-sink: listening on 127.0.0.1:{sink.Port}{(folder is null ? "" : $", keeping messages in {folder}")}");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
