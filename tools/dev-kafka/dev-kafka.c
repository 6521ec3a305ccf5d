/*
 * dev-kafka: a local Kafka-protocol cluster for development and tests, built on
 * librdkafka's mock cluster.
 *
 * Usage: dev-kafka [--brokers N] [--topic name:partitions]...
 *
 * On start it prints one JSON line with the bootstrap servers and broker ids,
 * then answers fault-injection commands read line by line from stdin, one JSON
 * line per command (see README.md). It exits cleanly on stdin EOF, SIGTERM or
 * SIGINT, so a parent that dies takes the cluster with it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_LINE 4096
#define MAX_TOKENS 8
#define MAX_BROKERS 64
#define MAX_ERROR_COUNT 1000000

static rd_kafka_mock_cluster_t *cluster;
static int broker_count = 3;

/* Kafka protocol API keys by name, for `error` and `clear`. */
static const struct {
        const char *name;
        int16_t key;
} API_KEYS[] = {
    {"Produce", 0},
    {"Fetch", 1},
    {"ListOffsets", 2},
    {"Metadata", 3},
    {"LeaderAndIsr", 4},
    {"StopReplica", 5},
    {"UpdateMetadata", 6},
    {"ControlledShutdown", 7},
    {"OffsetCommit", 8},
    {"OffsetFetch", 9},
    {"FindCoordinator", 10},
    {"JoinGroup", 11},
    {"Heartbeat", 12},
    {"LeaveGroup", 13},
    {"SyncGroup", 14},
    {"DescribeGroups", 15},
    {"ListGroups", 16},
    {"SaslHandshake", 17},
    {"ApiVersions", 18},
    {"CreateTopics", 19},
    {"DeleteTopics", 20},
    {"DeleteRecords", 21},
    {"InitProducerId", 22},
    {"OffsetForLeaderEpoch", 23},
    {"AddPartitionsToTxn", 24},
    {"AddOffsetsToTxn", 25},
    {"EndTxn", 26},
    {"WriteTxnMarkers", 27},
    {"TxnOffsetCommit", 28},
    {"DescribeAcls", 29},
    {"CreateAcls", 30},
    {"DeleteAcls", 31},
    {"DescribeConfigs", 32},
    {"AlterConfigs", 33},
    {"AlterReplicaLogDirs", 34},
    {"DescribeLogDirs", 35},
    {"SaslAuthenticate", 36},
    {"CreatePartitions", 37},
    {"CreateDelegationToken", 38},
    {"RenewDelegationToken", 39},
    {"ExpireDelegationToken", 40},
    {"DescribeDelegationToken", 41},
    {"DeleteGroups", 42},
    {"ElectLeaders", 43},
    {"IncrementalAlterConfigs", 44},
    {"AlterPartitionReassignments", 45},
    {"ListPartitionReassignments", 46},
    {"OffsetDelete", 47},
};

/* Writes \p s as a JSON string literal (with quotes) to stdout. */
static void print_json_string(const char *s) {
        putchar('"');
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == '"' || *p == '\\')
                        printf("\\%c", *p);
                else if (*p < 0x20)
                        printf("\\u%04x", *p);
                else
                        putchar(*p);
        }
        putchar('"');
}

/* Ends an answer line; a failed flush means the reader is gone. */
static int end_line(void) {
        putchar('\n');
        return fflush(stdout) == 0 ? 0 : -1;
}

static int answer_error(const char *fmt, ...) {
        char message[MAX_LINE + 256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(message, sizeof(message), fmt, ap);
        va_end(ap);
        fputs("{\"ok\":false,\"error\":", stdout);
        print_json_string(message);
        putchar('}');
        return end_line();
}

/* Parses a whole decimal integer within [min, max]. */
static int parse_long(const char *s, long min, long max, long *out) {
        char *end;
        long value;
        if (!*s)
                return -1;
        errno = 0;
        value = strtol(s, &end, 10);
        if (errno || *end || value < min || value > max)
                return -1;
        *out = value;
        return 0;
}

static int parse_api(const char *s, int16_t *key, const char **name) {
        long number;
        for (size_t i = 0; i < sizeof(API_KEYS) / sizeof(API_KEYS[0]); i++) {
                if (!strcasecmp(s, API_KEYS[i].name)) {
                        *key  = API_KEYS[i].key;
                        *name = API_KEYS[i].name;
                        return 0;
                }
        }
        if (parse_long(s, 0, INT16_MAX, &number))
                return -1;
        *key  = (int16_t)number;
        *name = NULL;
        for (size_t i = 0; i < sizeof(API_KEYS) / sizeof(API_KEYS[0]); i++)
                if (API_KEYS[i].key == *key)
                        *name = API_KEYS[i].name;
        return 0;
}

/* Accepts a numeric code or a librdkafka error name, with or without the
 * RD_KAFKA_RESP_ERR_ prefix (internal errors such as _TRANSPORT included). */
static int parse_error_code(const char *s, rd_kafka_resp_err_t *code) {
        const struct rd_kafka_err_desc *descs;
        size_t count;
        long number;
        if (!parse_long(s, INT_MIN, INT_MAX, &number)) {
                *code = (rd_kafka_resp_err_t)number;
                return 0;
        }
        if (!strncasecmp(s, "RD_KAFKA_RESP_ERR_", 18))
                s += 18;
        rd_kafka_get_err_descs(&descs, &count);
        for (size_t i = 0; i < count; i++) {
                if (descs[i].name && !strcasecmp(s, descs[i].name)) {
                        *code = descs[i].code;
                        return 0;
                }
        }
        return -1;
}

/* Broker ids are 1..N; "all" addresses every broker. */
static int parse_broker(const char *s, int32_t *id) {
        long number;
        if (!strcasecmp(s, "all")) {
                *id = -1;
                return 0;
        }
        if (parse_long(s, 1, broker_count, &number))
                return -1;
        *id = (int32_t)number;
        return 0;
}

static void print_broker_field(int32_t id) {
        if (id == -1)
                fputs("\"broker\":\"all\"", stdout);
        else
                printf("\"broker\":%d", (int)id);
}

static int answer_mock_result(rd_kafka_resp_err_t err) {
        if (err)
                return answer_error("%s", rd_kafka_err2str(err));
        return 0;
}

static int cmd_broker_state(char **tok, int ntok) {
        int32_t id;
        rd_kafka_resp_err_t err;
        int down = !strcmp(tok[0], "down");
        if (ntok != 2)
                return answer_error("usage: %s <broker>|all", tok[0]);
        if (parse_broker(tok[1], &id))
                return answer_error("unknown broker %s (brokers are 1..%d)",
                                    tok[1], broker_count);
        err = down ? rd_kafka_mock_broker_set_down(cluster, id)
                   : rd_kafka_mock_broker_set_up(cluster, id);
        if (err)
                return answer_mock_result(err);
        fputs("{\"ok\":true,", stdout);
        print_broker_field(id);
        printf(",\"state\":\"%s\"}", down ? "down" : "up");
        return end_line();
}

static int cmd_rtt(char **tok, int ntok) {
        int32_t id;
        long ms;
        rd_kafka_resp_err_t err;
        if (ntok != 3)
                return answer_error("usage: rtt <broker>|all <ms>");
        if (parse_broker(tok[1], &id))
                return answer_error("unknown broker %s (brokers are 1..%d)",
                                    tok[1], broker_count);
        if (parse_long(tok[2], 0, INT_MAX, &ms))
                return answer_error("bad rtt %s (milliseconds >= 0)", tok[2]);
        if ((err = rd_kafka_mock_broker_set_rtt(cluster, id, (int)ms)))
                return answer_mock_result(err);
        fputs("{\"ok\":true,", stdout);
        print_broker_field(id);
        printf(",\"rttMs\":%ld}", ms);
        return end_line();
}

static void print_api_fields(int16_t key, const char *name) {
        printf("\"apiKey\":%d", key);
        if (name) {
                fputs(",\"api\":", stdout);
                print_json_string(name);
        }
}

static int cmd_error(char **tok, int ntok) {
        int16_t key;
        const char *api_name;
        long count;
        rd_kafka_resp_err_t code;
        rd_kafka_resp_err_t *codes;
        if (ntok != 4)
                return answer_error("usage: error <api> <count> <code>");
        if (parse_api(tok[1], &key, &api_name))
                return answer_error("unknown api %s", tok[1]);
        if (parse_long(tok[2], 1, MAX_ERROR_COUNT, &count))
                return answer_error("bad count %s (1..%d)", tok[2],
                                    MAX_ERROR_COUNT);
        if (parse_error_code(tok[3], &code))
                return answer_error("unknown error code %s", tok[3]);
        if (!(codes = malloc((size_t)count * sizeof(*codes))))
                return answer_error("out of memory");
        for (long i = 0; i < count; i++)
                codes[i] = code;
        rd_kafka_mock_push_request_errors_array(cluster, key, (size_t)count,
                                                codes);
        free(codes);
        fputs("{\"ok\":true,", stdout);
        print_api_fields(key, api_name);
        printf(",\"count\":%ld,\"code\":%d,\"name\":", count, (int)code);
        print_json_string(rd_kafka_err2name(code));
        putchar('}');
        return end_line();
}

static int cmd_clear(char **tok, int ntok) {
        int16_t key;
        const char *api_name;
        if (ntok != 2)
                return answer_error("usage: clear <api>");
        if (parse_api(tok[1], &key, &api_name))
                return answer_error("unknown api %s", tok[1]);
        rd_kafka_mock_clear_request_errors(cluster, key);
        fputs("{\"ok\":true,", stdout);
        print_api_fields(key, api_name);
        fputs(",\"cleared\":true}", stdout);
        return end_line();
}

static int cmd_leader(char **tok, int ntok) {
        long partition;
        int32_t id;
        rd_kafka_resp_err_t err;
        if (ntok != 4)
                return answer_error("usage: leader <topic> <partition> <broker>");
        if (parse_long(tok[2], 0, INT32_MAX, &partition))
                return answer_error("bad partition %s", tok[2]);
        if (!strcmp(tok[3], "-1"))
                id = -1; /* leader-less partition */
        else if (parse_broker(tok[3], &id) || id == -1)
                return answer_error("unknown broker %s (brokers are 1..%d, or -1)",
                                    tok[3], broker_count);
        if ((err = rd_kafka_mock_partition_set_leader(
                 cluster, tok[1], (int32_t)partition, id)))
                return answer_mock_result(err);
        fputs("{\"ok\":true,\"topic\":", stdout);
        print_json_string(tok[1]);
        printf(",\"partition\":%ld,\"leader\":%d}", partition, (int)id);
        return end_line();
}

static int cmd_coordinator(char **tok, int ntok) {
        long id;
        rd_kafka_resp_err_t err;
        if (ntok != 4 ||
            (strcmp(tok[1], "group") && strcmp(tok[1], "transaction")))
                return answer_error(
                    "usage: coordinator group|transaction <id> <broker>");
        if (parse_long(tok[3], 1, broker_count, &id))
                return answer_error("unknown broker %s (brokers are 1..%d)",
                                    tok[3], broker_count);
        if ((err = rd_kafka_mock_coordinator_set(cluster, tok[1], tok[2],
                                                 (int32_t)id)))
                return answer_mock_result(err);
        fputs("{\"ok\":true,\"type\":", stdout);
        print_json_string(tok[1]);
        fputs(",\"key\":", stdout);
        print_json_string(tok[2]);
        printf(",\"coordinator\":%ld}", id);
        return end_line();
}

/* Answers one command line. Returns -1 when stdout is gone. */
static int handle_line(char *line) {
        char *tok[MAX_TOKENS + 1];
        int ntok = 0;
        char *save;
        for (char *t = strtok_r(line, " \t\r", &save); t;
             t = strtok_r(NULL, " \t\r", &save)) {
                if (ntok == MAX_TOKENS + 1)
                        return answer_error("too many arguments");
                tok[ntok++] = t;
        }
        if (ntok == 0)
                return answer_error("empty command");
        if (!strcmp(tok[0], "ping")) {
                fputs("{\"ok\":true,\"pong\":true}", stdout);
                return end_line();
        }
        if (!strcmp(tok[0], "down") || !strcmp(tok[0], "up"))
                return cmd_broker_state(tok, ntok);
        if (!strcmp(tok[0], "rtt"))
                return cmd_rtt(tok, ntok);
        if (!strcmp(tok[0], "error"))
                return cmd_error(tok, ntok);
        if (!strcmp(tok[0], "clear"))
                return cmd_clear(tok, ntok);
        if (!strcmp(tok[0], "leader"))
                return cmd_leader(tok, ntok);
        if (!strcmp(tok[0], "coordinator"))
                return cmd_coordinator(tok, ntok);
        return answer_error("unknown command %s", tok[0]);
}

/* Reads stdin until EOF or a termination signal, answering each line. */
static void serve(int signal_fd) {
        char buf[MAX_LINE];
        size_t used     = 0;
        int overlong    = 0; /* discarding the rest of a line that did not fit */
        struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                                {.fd = signal_fd, .events = POLLIN}};

        for (;;) {
                ssize_t n;
                char *start, *newline;

                if (poll(fds, 2, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return;
                }
                if (fds[1].revents)
                        return;
                if (!fds[0].revents)
                        continue;

                n = read(STDIN_FILENO, buf + used, sizeof(buf) - 1 - used);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        /* EOF: answer a final unterminated line, then stop. */
                        if (used && !overlong) {
                                buf[used] = '\0';
                                handle_line(buf);
                        }
                        return;
                }
                used += (size_t)n;
                buf[used] = '\0';

                start = buf;
                while ((newline = memchr(start, '\n',
                                         used - (size_t)(start - buf)))) {
                        *newline = '\0';
                        if (overlong)
                                overlong = 0;
                        else if (handle_line(start))
                                return;
                        start = newline + 1;
                }
                used -= (size_t)(start - buf);
                memmove(buf, start, used);

                if (used == sizeof(buf) - 1) {
                        if (!overlong &&
                            answer_error("line longer than %d bytes",
                                         MAX_LINE - 2))
                                return;
                        overlong = 1;
                        used     = 0;
                }
        }
}

static void usage(FILE *out) {
        fputs("usage: dev-kafka [--brokers N] [--topic name:partitions]...\n"
              "Auto-created topics get librdkafka's default of 4 partitions.\n",
              out);
}

/* Parses one --topic value and creates the topic. */
static int create_topic(const char *spec, int replication_factor) {
        char name[512];
        const char *colon = strrchr(spec, ':');
        long partitions;
        rd_kafka_resp_err_t err;
        size_t len;
        if (!colon || colon == spec ||
            parse_long(colon + 1, 1, 100000, &partitions)) {
                fprintf(stderr, "dev-kafka: bad --topic %s (want name:partitions)\n",
                        spec);
                return -1;
        }
        len = (size_t)(colon - spec);
        if (len >= sizeof(name)) {
                fprintf(stderr, "dev-kafka: topic name too long: %s\n", spec);
                return -1;
        }
        memcpy(name, spec, len);
        name[len] = '\0';
        if ((err = rd_kafka_mock_topic_create(cluster, name, (int)partitions,
                                              replication_factor))) {
                fprintf(stderr, "dev-kafka: cannot create topic %s: %s\n", name,
                        rd_kafka_err2str(err));
                return -1;
        }
        return 0;
}

int main(int argc, char **argv) {
        const char **topic_specs = calloc((size_t)argc, sizeof(char *));
        int topic_count          = 0;
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        sigset_t termination;
        int signal_fd;
        int status = 0;

        if (!topic_specs)
                return 1;
        for (int i = 1; i < argc; i++) {
                long number;
                if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                        usage(stdout);
                        return 0;
                } else if (!strcmp(argv[i], "--brokers") && i + 1 < argc) {
                        if (parse_long(argv[++i], 1, MAX_BROKERS, &number)) {
                                fprintf(stderr,
                                        "dev-kafka: --brokers wants 1..%d\n",
                                        MAX_BROKERS);
                                return 2;
                        }
                        broker_count = (int)number;
                } else if (!strcmp(argv[i], "--topic") && i + 1 < argc) {
                        topic_specs[topic_count++] = argv[++i];
                } else {
                        fprintf(stderr, "dev-kafka: unexpected argument %s\n",
                                argv[i]);
                        usage(stderr);
                        return 2;
                }
        }

        /* Block the termination signals before librdkafka starts its threads
         * (they inherit the mask), and receive them through a signalfd. */
        sigemptyset(&termination);
        sigaddset(&termination, SIGTERM);
        sigaddset(&termination, SIGINT);
        sigprocmask(SIG_BLOCK, &termination, NULL);
        signal(SIGPIPE, SIG_IGN);
        if ((signal_fd = signalfd(-1, &termination, SFD_CLOEXEC)) < 0) {
                perror("dev-kafka: signalfd");
                return 1;
        }

        conf = rd_kafka_conf_new();
        /* The handle only hosts the mock cluster; hide its notice that no
         * bootstrap.servers are configured. */
        if (rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof(errstr))) {
                fprintf(stderr, "dev-kafka: %s\n", errstr);
                return 1;
        }
        if (!(rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr,
                                sizeof(errstr)))) {
                fprintf(stderr, "dev-kafka: rd_kafka_new: %s\n", errstr);
                return 1;
        }
        if (!(cluster = rd_kafka_mock_cluster_new(rk, broker_count))) {
                fprintf(stderr, "dev-kafka: cannot create mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (int i = 0; i < topic_count; i++) {
                if (create_topic(topic_specs[i], broker_count < 3 ? broker_count
                                                                  : 3)) {
                        status = 2;
                        goto out;
                }
        }

        fputs("{\"bootstrapServers\":", stdout);
        print_json_string(rd_kafka_mock_cluster_bootstraps(cluster));
        fputs(",\"brokers\":[", stdout);
        for (int id = 1; id <= broker_count; id++)
                printf(id > 1 ? ",%d" : "%d", id);
        fputs("]}", stdout);
        if (end_line() == 0)
                serve(signal_fd);

out:
        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(rk);
        close(signal_fd);
        free(topic_specs);
        return status;
}
