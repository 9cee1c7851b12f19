using System.Text;
using Clues.DockerWrapper.Proxy.Http11;
using Clues.DockerWrapper.Routing;
using CsCheck;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Proxy.Http11;

/// <summary>
/// Random and mutated input for the wrapper's own HTTP/1.1 parsing (head, framing, target, chunked body): it
/// never throws anything but the documented <see cref="InvalidDataException"/> (or end of stream), never runs past
/// a bound, and what it accepts it reads as the sender meant.
/// </summary>
public sealed class Http11FuzzTests
{
    private const long Iterations = 3000;

    /// <summary>Bytes that matter to HTTP framing, so mutations hit the interesting cases often.</summary>
    private static readonly Gen<byte> s_framingByte = Gen.OneOf(
        Gen.OneOf("\r\n :;\t\0,%/.?#-0123456789abcdefABCDEF".Select(c => (byte)c).ToArray()),
        Gen.Byte);

    private static readonly string[] s_validHeads =
    [
        "POST /v1.41/containers/create?name=x HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n",
        "POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /v1.41/containers/abc/logs?follow=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    ];

    /// <summary>A valid input with a few bytes replaced, inserted or removed.</summary>
    private static Gen<byte[]> Mutated(byte[] valid) =>
        Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 3], s_framingByte.Array[0, 4], Gen.Int[1, 6], (at, kind, bytes, times) =>
        {
            var list = valid.ToList();
            for (var t = 0; t < times; t++)
            {
                var position = Math.Min((at * (t + 1) * 7919) % (list.Count + 1), list.Count);
                switch (kind)
                {
                    case 0 when position < list.Count:
                        list.RemoveAt(position);
                        break;
                    case 1:
                        list.InsertRange(position, bytes);
                        break;
                    default:
                        for (var i = 0; i < bytes.Length && position + i < list.Count; i++)
                        {
                            list[position + i] = bytes[i];
                        }
                        break;
                }
            }
            return list.ToArray();
        });

    [Test]
    public void HeadParse_RandomBytes_NullOrAHeadWhoseFramingAndTargetAreDecidedOrRefused()
    {
        Gen.OneOf(s_framingByte.Array[0, 300], Gen.OneOf(s_validHeads).SelectMany(h => Mutated(Encoding.ASCII.GetBytes(h))))
            .Sample(bytes => CheckHead([.. bytes, .. "\r\n\r\n"u8.ToArray()]), iter: Iterations);
    }

    [Test]
    public void ChunkedScan_RandomAndMutatedInput_ConsumesAtMostItsInputOrThrowsInvalidData()
    {
        var valid = Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[1, 40], (payload, size) => Encode(payload, size));
        Gen.OneOf(s_framingByte.Array[0, 400], valid.SelectMany(Mutated))
            .Sample(bytes =>
            {
                try
                {
                    var scanner = new ChunkedBodyScanner();
                    var consumed = scanner.Scan(bytes);
                    Assert.That(consumed, Is.InRange(0, bytes.Length));
                    Assert.That(consumed == bytes.Length || scanner.IsDone, Is.True, "stops early only at the end of the body");
                }
                catch (InvalidDataException)
                {
                    // The documented refusal.
                }
            }, iter: Iterations);
    }

    [Test]
    public void ChunkedScan_ValidBodySplitAnywhere_DecodesThePayloadAndStopsAtItsEnd()
    {
        Gen.Select(Gen.Byte.Array[0, 500], Gen.Int[1, 64], Gen.Int[1, 50], (payload, size, step) => (payload, size, step))
            .Sample(t =>
            {
                var body = Encode(t.payload, t.size);
                var input = body.Concat("GET /next"u8.ToArray()).ToArray();
                var scanner = new ChunkedBodyScanner();
                var decoded = new List<byte>();
                var consumed = 0;
                for (var at = 0; at < input.Length && !scanner.IsDone; at += t.step)
                {
                    var piece = input.AsSpan(at, Math.Min(t.step, input.Length - at));
                    var ranges = new List<Range>();
                    var n = scanner.Scan(piece, ranges);
                    foreach (var range in ranges)
                    {
                        decoded.AddRange(piece[range].ToArray());
                    }
                    consumed += n;
                }
                Assert.That(scanner.IsDone, Is.True);
                Assert.That(consumed, Is.EqualTo(body.Length));
                Assert.That(decoded, Is.EqualTo(t.payload));
            }, iter: Iterations);
    }

    [Test]
    public async Task ReadBody_MutatedChunkedStreams_EndWithinABoundAndNeverKeepMoreThanTheLimit()
    {
        var valid = Gen.Select(Gen.Byte.Array[0, 3000], Gen.Int[1, 700], (payload, size) => Encode(payload, size));
        var head = HttpHead.Parse(Encoding.ASCII.GetBytes(s_validHeads[1]))!;
        await Gen.OneOf(valid, valid.SelectMany(Mutated)).SampleAsync(async bytes =>
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await using var connection = await SocketPair.WithInputAsync(bytes);
            try
            {
                var body = await connection.ReadBodyAsync(head, BodyFraming.Chunked, 1000, bound.Token);
                Assert.That(body, Has.Length.LessThanOrEqualTo(1000));
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                // Refused or cut short: documented.
            }
            Assert.That(bound.IsCancellationRequested, Is.False, "did not hang");
        }, iter: 300, threads: 1);
    }

    [Test]
    public void RequestTarget_RandomPaths_NormalisedOnceForAllOrRefused()
    {
        var segment = Gen.OneOf(Gen.OneOf("", ".", "..", "v1.41", "V1.41", "containers", "create", "%63reate", "json", "%2e", "%2E%2E", "%2F", "%zz", "a%20b", "%25", "%C3%A9", "%ff"),
            Gen.String[Gen.Char["a-z%/.0-9"], 0, 6]);
        segment.List[0, 6].Select(s => "/" + string.Join('/', s) + "?q=1").Sample(target =>
        {
            RequestTarget first;
            try
            {
                first = RequestTarget.Parse(target);
            }
            catch (InvalidDataException)
            {
                return;
            }
            var again = RequestTarget.Parse(first.Target);
            Assert.That(again.Target, Is.EqualTo(first.Target), "the canonical form is its own canonical form");
            Assert.That(again.Segments, Is.EqualTo(first.Segments));
        }, iter: Iterations);
    }

    private static void CheckHead(byte[] raw)
    {
        var head = HttpHead.Parse(raw);
        if (head is null)
        {
            return;
        }
        try
        {
            head.RequestFraming();
        }
        catch (InvalidDataException)
        {
            // Refused framing: documented.
        }
        if (!head.StartLine[0].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            try
            {
                RequestRouter.Decide(head.Method, head.Target);
            }
            catch (InvalidDataException)
            {
                // Refused target: documented.
            }
        }
    }

    /// <summary>A chunked encoding of <paramref name="payload"/> in chunks of <paramref name="size"/> bytes, with an extension and a trailer.</summary>
    private static byte[] Encode(byte[] payload, int size)
    {
        var body = new List<byte>();
        for (var at = 0; at < payload.Length; at += size)
        {
            var n = Math.Min(size, payload.Length - at);
            body.AddRange(Encoding.ASCII.GetBytes($"{n:x}{(at % 2 == 0 ? ";ext=1" : "")}\r\n"));
            body.AddRange(payload.AsSpan(at, n).ToArray());
            body.AddRange("\r\n"u8.ToArray());
        }
        body.AddRange("0\r\nX-Trailer: t\r\n\r\n"u8.ToArray());
        return body.ToArray();
    }
}
