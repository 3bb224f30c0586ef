package cn.yuyue.platform.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Gives the answers Reactor Netty writes by itself, for a request it could not decode (a malformed
 * request line or header, headers or a line too long), the problem+json body every other refusal
 * has. Those answers never reach WebFlux, so the one exception handler cannot write them.
 *
 * <p>Sits between the HTTP codec and Reactor Netty's own handler, one per connection: it notes a
 * request that failed to decode on the way in and fills in the empty 4xx that follows on the way out.
 */
final class BareErrorResponses extends ChannelDuplexHandler {

    static final String NAME = "yuyue.bareErrorResponses";

    private final ProblemTexts texts;
    private boolean undecodable;
    private ProblemLanguage language = ProblemLanguage.CHINESE;

    BareErrorResponses(ProblemTexts texts) {
        this.texts = texts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof DecoderResultProvider decoded
                && decoded.decoderResult().isFailure()) {
            undecodable = true;
            // What the decoder did read of the headers may still say which language to answer in.
            language = msg instanceof HttpRequest request
                    ? ProblemLanguage.of(request.headers().get(HttpHeaderNames.ACCEPT_LANGUAGE))
                    : ProblemLanguage.CHINESE;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (undecodable && msg instanceof FullHttpResponse response && isBareClientError(response)) {
            undecodable = false;
            ctx.write(withProblem(ctx, response), promise);
            language = ProblemLanguage.CHINESE;
            return;
        }
        super.write(ctx, msg, promise);
    }

    private static boolean isBareClientError(FullHttpResponse response) {
        int status = response.status().code();
        return status >= 400
                && status < 500
                && !response.content().isReadable()
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
    }

    /** Stable codes, written out: an enum constant's name may change between Spring versions. */
    private static String code(int status) {
        return switch (status) {
            case 413 -> "CONTENT_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 431 -> "REQUEST_HEADER_FIELDS_TOO_LARGE";
            default -> "BAD_REQUEST";
        };
    }

    private FullHttpResponse withProblem(ChannelHandlerContext ctx, FullHttpResponse response) {
        int status = response.status().code();
        String code = code(status);
        String title = texts.title(code, status, language, response.status().reasonPhrase());
        String detail = texts.detail(
                code,
                status,
                language,
                "The request could not be read as HTTP: malformed, or its line or headers too long");
        // The catalogue's words hold no quote or backslash, so they need no JSON escaping.
        String json =
                "{\"type\":\"https://yuyue.cn/problems/" + code.toLowerCase().replace('_', '-')
                        + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\""
                        + ",\"code\":\"" + code + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf body = ctx.alloc().buffer(bytes.length);
        body.writeBytes(bytes);
        FullHttpResponse problem = response.replace(body);
        problem.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        problem.headers()
                .set(HttpHeaderNames.CONTENT_LANGUAGE, language.locale().toLanguageTag());
        HttpUtil.setContentLength(problem, body.readableBytes());
        response.release();
        return problem;
    }
}
