package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yuyue.platform.web.OpenStreams.Admission;
import org.junit.jupiter.api.Test;

class OpenStreamsTest {

    @Test
    void should_refuse_a_client_beyond_its_cap_and_admit_it_again_once_one_closes() {
        OpenStreams streams = new OpenStreams(2, 100);
        assertThat(streams.open("a")).isEqualTo(Admission.OPENED);
        assertThat(streams.open("a")).isEqualTo(Admission.OPENED);
        assertThat(streams.open("a")).isEqualTo(Admission.CLIENT_FULL);
        assertThat(streams.open("b")).as("another client is not affected").isEqualTo(Admission.OPENED);
        assertThat(streams.total()).isEqualTo(3);

        streams.close("a");
        assertThat(streams.open("a")).isEqualTo(Admission.OPENED);
        assertThat(streams.of("a")).isEqualTo(2);
    }

    @Test
    void should_refuse_everyone_beyond_the_instance_cap_and_forget_idle_clients() {
        OpenStreams streams = new OpenStreams(10, 2);
        assertThat(streams.open("a")).isEqualTo(Admission.OPENED);
        assertThat(streams.open("b")).isEqualTo(Admission.OPENED);
        assertThat(streams.open("c")).isEqualTo(Admission.INSTANCE_FULL);
        assertThat(streams.of("c")).isZero();

        streams.close("a");
        streams.close("b");
        assertThat(streams.total()).isZero();
        assertThat(streams.of("a")).isZero();
        assertThat(streams.open("c")).isEqualTo(Admission.OPENED);
    }
}
