package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search's pods and the remote workers' reach PostgreSQL, DNS and the LM endpoint and nothing else, and accept
 * no connection. The policy
 * is evaluated as Kubernetes does (a peer's pod selector alone means the policy's namespace; a missing port list
 * means every port) for connections the pods need and for ones they must not make; the allowed peers are checked
 * against the ConfigMap's database and LM URLs.
 */
class NetworkPolicyTest {

    /** The namespace kustomize deploys to. */
    private final String namespace = Manifests.kustomization().get("namespace");
    private final NetworkPolicy policy = Manifests.networkPolicy();
    private final Map<String, String> config = Manifests.configMap().getData();

    /** Where a connection goes: a pod (its namespace's and its own labels) or an address outside the cluster. */
    private record Destination(Map<String, String> namespaceLabels, Map<String, String> podLabels, String ip,
                               int port, String protocol) {

        static Destination pod(String namespace, Map<String, String> labels, int port, String protocol) {
            return new Destination(Map.of("kubernetes.io/metadata.name", namespace), labels, "10.244.1.7", port,
                    protocol);
        }

        static Destination external(String ip, int port) {
            return new Destination(null, null, ip, port, "TCP");
        }
    }

    @Test
    void selectsTheSearchAndWorkerPodsAndNothingElse() {
        LabelSelector selector = policy.getSpec().getPodSelector();
        assertThat(selector.getMatchLabels()).isNotEmpty();
        assertThat(matches(selector, Manifests.cronJob().getSpec().getJobTemplate().getSpec().getTemplate()
                .getMetadata().getLabels())).as("the CronJob's pods").isTrue();
        assertThat(matches(selector, Manifests.workerDeployment().getSpec().getTemplate().getMetadata().getLabels()))
                .as("the remote workers' pods").isTrue();
        assertThat(matches(selector, postgresLabels())).as("the database's pods").isFalse();
    }

    @Test
    void nothingMayConnectToThePods() {
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
    }

    @Test
    void thePodsReachDnsPostgresqlAndTheLmEndpoint() {
        Map<String, String> dns = Map.of("k8s-app", "kube-dns");
        assertThat(allows(Destination.pod("kube-system", dns, 53, "UDP"))).as("DNS over UDP").isTrue();
        assertThat(allows(Destination.pod("kube-system", dns, 53, "TCP"))).as("DNS over TCP").isTrue();

        URI database = URI.create(config.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));
        assertThat(database.getHost()).as("the dev cluster's PostgreSQL Service")
                .isEqualTo(Manifests.postgresService().getMetadata().getName());
        assertThat(allows(Destination.pod(namespace, postgresLabels(), database.getPort(), "TCP")))
                .as("PostgreSQL at %s", database).isTrue();

        URI lm = URI.create(LmEndpointManifestsTest.baseUrl());
        assertThat(allows(Destination.pod(lmNamespace(lm), lmServerLabels(), lm.getPort(), "TCP")))
                .as("the LM endpoint at %s", lm).isTrue();
    }

    @Test
    void thePodsReachNothingElse() {
        int database = URI.create(config.get("SPRING_DATASOURCE_URL").substring("jdbc:".length())).getPort();
        URI lm = URI.create(LmEndpointManifestsTest.baseUrl());
        List<Destination> forbidden = List.of(
                Destination.pod(namespace, postgresLabels(), lm.getPort(), "TCP"),
                Destination.pod(namespace, Map.of("app.kubernetes.io/name", "other"), database, "TCP"),
                Destination.pod("elsewhere", postgresLabels(), database, "TCP"),
                Destination.pod(lmNamespace(lm), lmServerLabels(), database, "TCP"),
                Destination.pod(lmNamespace(lm), Map.of("app.kubernetes.io/name", "other"), lm.getPort(), "TCP"),
                Destination.pod("kube-system", Map.of("k8s-app", "kube-dns"), 443, "TCP"),
                Destination.pod("kube-system", Map.of("component", "kube-apiserver"), 443, "TCP"),
                Destination.external("10.96.0.1", 443),
                Destination.external("93.184.216.34", 443),
                Destination.external("93.184.216.34", 53));
        for (Destination d : forbidden) {
            assertThat(allows(d)).as("%s", d).isFalse();
        }
    }

    @Test
    void everyRuleNamesItsPeersAndPorts() {
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertThat(rule.getTo()).as("a rule without peers allows every destination").isNotEmpty();
            assertThat(rule.getPorts()).as("a rule without ports allows every port").isNotEmpty();
            rule.getTo().forEach(peer -> {
                if (peer.getIpBlock() != null) {
                    assertThat(peer.getIpBlock().getCidr()).isNotIn("0.0.0.0/0", "::/0");
                }
                if (peer.getNamespaceSelector() != null) {
                    assertThat(peer.getNamespaceSelector().getMatchLabels()).as("not every namespace").isNotEmpty();
                }
            });
        }
        assertThat(policy.getSpec().getEgress()).as("DNS, PostgreSQL, the LM endpoint").hasSize(3);
    }

    /** The namespace of an in-cluster Service's host name, {@code <service>.<namespace>.svc...}. */
    private static String lmNamespace(URI lm) {
        String[] host = lm.getHost().split("\\.");
        assertThat(host.length).as("%s is a Service's name with its namespace", lm.getHost()).isGreaterThanOrEqualTo(3);
        assertThat(host[2]).isEqualTo("svc");
        return host[1];
    }

    /** The labels of the LM server's pods, as the policy's LM rule names them. */
    private Map<String, String> lmServerLabels() {
        return policy.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream())
                .filter(p -> p.getNamespaceSelector() != null && p.getPodSelector() != null
                        && !"kube-system".equals(p.getNamespaceSelector().getMatchLabels()
                        .get("kubernetes.io/metadata.name")))
                .map(p -> p.getPodSelector().getMatchLabels()).findFirst()
                .orElseThrow(() -> new AssertionError("no rule for pods of another namespace than kube-system"));
    }

    private static Map<String, String> postgresLabels() {
        return Manifests.postgresStatefulSet().getSpec().getTemplate().getMetadata().getLabels();
    }

    // --- Kubernetes' evaluation of an egress policy

    private boolean allows(Destination d) {
        return policy.getSpec().getEgress().stream().anyMatch(rule -> peers(rule, d) && ports(rule, d));
    }

    private boolean peers(NetworkPolicyEgressRule rule, Destination d) {
        return rule.getTo() == null || rule.getTo().isEmpty() || rule.getTo().stream().anyMatch(peer -> peer(peer, d));
    }

    private boolean peer(NetworkPolicyPeer peer, Destination d) {
        if (peer.getIpBlock() != null) {
            return inBlock(peer.getIpBlock(), d.ip());
        }
        if (d.podLabels() == null) {
            return false;
        }
        boolean namespace = peer.getNamespaceSelector() == null
                ? d.namespaceLabels().get("kubernetes.io/metadata.name").equals(this.namespace)
                : matches(peer.getNamespaceSelector(), d.namespaceLabels());
        return namespace && (peer.getPodSelector() == null || matches(peer.getPodSelector(), d.podLabels()));
    }

    private static boolean ports(NetworkPolicyEgressRule rule, Destination d) {
        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort port : rule.getPorts()) {
            String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
            IntOrString number = port.getPort();
            if (protocol.equals(d.protocol()) && (number == null || (number.getIntVal() != null
                    && (port.getEndPort() == null ? number.getIntVal() == d.port()
                    : d.port() >= number.getIntVal() && d.port() <= port.getEndPort())))) {
                return true;
            }
        }
        return false;
    }

    /** Only {@code matchLabels} selectors are used here; an expression would need more than this test knows. */
    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).as("matchExpressions").isNullOrEmpty();
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean inBlock(IPBlock block, String ip) {
        try {
            String[] cidr = block.getCidr().split("/");
            byte[] net = InetAddress.getByName(cidr[0]).getAddress();
            byte[] address = InetAddress.getByName(ip).getAddress();
            if (!prefix(net, address, Integer.parseInt(cidr[1]))) {
                return false;
            }
            if (block.getExcept() != null) {
                for (String except : block.getExcept()) {
                    String[] e = except.split("/");
                    if (prefix(InetAddress.getByName(e[0]).getAddress(), address, Integer.parseInt(e[1]))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean prefix(byte[] net, byte[] address, int bits) {
        if (net.length != address.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((net[i / 8] & mask) != (address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
