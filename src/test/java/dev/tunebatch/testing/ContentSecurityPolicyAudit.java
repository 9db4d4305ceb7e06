package dev.tunebatch.testing;

import org.htmlunit.csp.Policy;
import org.htmlunit.csp.url.GUID;
import org.htmlunit.csp.url.URI;
import org.htmlunit.csp.url.URLWithScheme;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser enforcing a page's own Content-Security-Policy ({@code <meta http-equiv>}) would block on that page,
 * element by element: scripts, styles, inline handlers, and every resource an element or a style refers to, judged
 * by HtmlUnit's CSP parser. HtmlUnit runs pages without enforcing their policy, so this is how a test there learns
 * that the page works under it.
 */
public final class ContentSecurityPolicyAudit {

    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");
    private static final Pattern ABSOLUTE = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern CSS_IMPORT = Pattern.compile("@import\\s+['\"]([^'\"]+)['\"]");

    private final HtmlPage page;
    private final Policy policy;
    private final Optional<URLWithScheme> origin;
    private final List<String> violations = new ArrayList<>();

    private ContentSecurityPolicyAudit(HtmlPage page, Policy policy) {
        this.page = page;
        this.policy = policy;
        this.origin = cspUrl(page.getUrl().toString());
    }

    /** One line per thing the page's policy would block, or a line saying the page declares no valid policy. */
    public static List<String> violations(HtmlPage page) {
        List<String> found = new ArrayList<>();
        List<String> declared = new ArrayList<>();
        for (DomNode node : page.querySelectorAll("meta[http-equiv]")) {
            DomElement meta = (DomElement) node;
            if (meta.getAttribute("http-equiv").equalsIgnoreCase("content-security-policy")) {
                declared.add(meta.getAttribute("content"));
            }
        }
        if (declared.isEmpty()) {
            return List.of("the page declares no Content-Security-Policy");
        }
        for (String serialized : declared) {
            Policy policy = Policy.parseSerializedCSP(serialized, (severity, message, directive, value) -> {
                if (severity != Policy.Severity.Info) {
                    found.add("policy \"" + serialized + "\": " + message);
                }
            });
            ContentSecurityPolicyAudit audit = new ContentSecurityPolicyAudit(page, policy);
            audit.run();
            found.addAll(audit.violations);
        }
        return found;
    }

    private void run() {
        for (DomNode node : page.querySelectorAll("*")) {
            DomElement element = (DomElement) node;
            String tag = element.getLocalName().toLowerCase(Locale.ROOT);
            Optional<String> nonce = optional(element, "nonce");
            element.getAttributesMap().forEach((name, attr) -> {
                String value = attr.getValue();
                if (name.toLowerCase(Locale.ROOT).startsWith("on")) {
                    check(policy.allowsScriptAsAttribute(Optional.of(value)), tag, "inline handler " + name);
                } else if (name.equalsIgnoreCase("style")) {
                    check(policy.allowsStyleAsAttribute(Optional.of(value)), tag, "style attribute");
                    styleReferences(tag, value);
                }
            });
            switch (tag) {
                case "script" -> {
                    Optional<String> src = optional(element, "src");
                    if (src.isPresent()) {
                        resource(tag, src.get(), url -> policy.allowsExternalScript(nonce,
                                optional(element, "integrity"), url, Optional.of(true), origin));
                    } else {
                        check(policy.allowsInlineScript(nonce, Optional.of(element.getTextContent()),
                                Optional.of(true)), tag, "inline script");
                    }
                }
                case "style" -> {
                    check(policy.allowsInlineStyle(nonce, Optional.of(element.getTextContent())), tag, "inline style");
                    styleReferences(tag, element.getTextContent());
                }
                case "link" -> optional(element, "href").ifPresent(href -> resource(tag, href,
                        optional(element, "rel").orElse("").toLowerCase(Locale.ROOT).contains("stylesheet")
                                ? url -> policy.allowsExternalStyle(nonce, url, origin)
                                : url -> policy.allowsImage(url, origin) && policy.allowsPrefetch(url, origin)));
                case "img", "image", "input", "use", "feimage" -> {
                    for (String name : List.of("src", "href", "xlink:href", "srcset")) {
                        optional(element, name).ifPresent(value -> resource(tag, value.split("[\\s,]")[0],
                                url -> policy.allowsImage(url, origin)));
                    }
                }
                case "iframe", "frame" -> optional(element, "src").ifPresent(src -> resource(tag, src,
                        url -> policy.allowsFrame(url, origin)));
                case "object", "embed" -> optional(element, tag.equals("object") ? "data" : "src").ifPresent(src ->
                        resource(tag, src, url -> policy.allowsObject(url, origin)));
                case "audio", "video", "source", "track" -> optional(element, "src").ifPresent(src -> resource(tag,
                        src, url -> policy.allowsMedia(url, origin)));
                default -> {
                    // other elements load nothing of their own
                }
            }
        }
    }

    private void styleReferences(String tag, String css) {
        Matcher url = CSS_URL.matcher(css);
        while (url.find()) {
            resource(tag, url.group(1), u -> policy.allowsImage(u, origin) && policy.allowsFont(u, origin));
        }
        Matcher imported = CSS_IMPORT.matcher(css);
        while (imported.find()) {
            resource(tag, imported.group(1), u -> policy.allowsExternalStyle(Optional.empty(), u, origin));
        }
    }

    /** A reference to a resource; one to a fragment of this document ({@code #id}) loads nothing. */
    private void resource(String tag, String reference, Predicate<Optional<URLWithScheme>> allowed) {
        String ref = reference.strip();
        if (ref.isEmpty() || ref.startsWith("#")) {
            return;
        }
        String absolute = ref;
        if (!ABSOLUTE.matcher(ref).lookingAt()) {
            try {
                absolute = new java.net.URI(page.getUrl().toString()).resolve(ref).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                violations.add("<" + tag + "> refers to " + ref + ", which is no URL");
                return;
            }
        }
        Optional<URLWithScheme> url = cspUrl(absolute);
        check(url.isPresent() && allowed.test(url), tag, absolute);
    }

    private void check(boolean allowed, String tag, String what) {
        if (!allowed) {
            violations.add("<" + tag + "> " + what + " is blocked by the page's policy");
        }
    }

    private static Optional<URLWithScheme> cspUrl(String url) {
        return URI.parseURI(url).<URLWithScheme>map(u -> u).or(() -> GUID.parseGUID(url).map(g -> g));
    }

    private static Optional<String> optional(DomElement element, String attribute) {
        return element.hasAttribute(attribute) ? Optional.of(element.getAttribute(attribute)) : Optional.empty();
    }
}
