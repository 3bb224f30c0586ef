package cn.yuyue;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;

import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Profile;

/** The house rules of STYLE.md that a compiler does not check. */
class ArchitectureTest {

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.yuyue");
    }

    @Test
    void booking_model_knows_nothing_of_spring_r2dbc_or_kafka() {
        noClasses()
                .that()
                .resideInAPackage("cn.yuyue.booking.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "io.r2dbc..", "org.apache.kafka..", "reactor.kafka..", "io.lettuce..")
                .allowEmptyShould(true)
                .check(mainClasses);
    }

    @Test
    void booking_model_knows_nothing_of_the_layers_around_it() {
        noClasses()
                .that()
                .resideInAPackage("cn.yuyue.booking.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "cn.yuyue.booking.application..",
                        "cn.yuyue.booking.persistence..",
                        "cn.yuyue.booking.messaging..",
                        "cn.yuyue.booking.web..")
                .because("the booking decides its transitions without knowing who stores or sends them")
                .check(mainClasses);
    }

    @Test
    void only_booking_reaches_its_adapters() {
        noClasses()
                .that()
                .resideOutsideOfPackage("cn.yuyue.booking..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("cn.yuyue.booking.persistence..", "cn.yuyue.booking.messaging..")
                .because("other features call booking's use cases and ports in booking.application")
                .check(mainClasses);
    }

    @Test
    void only_booking_makes_booking_events() {
        noClasses()
                .that()
                .resideOutsideOfPackage("cn.yuyue.booking..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(BookingEvent.class)
                .because("a transition is decided by the booking and recorded by one of booking's use cases")
                .check(mainClasses);
    }

    @Test
    void only_booking_takes_or_gives_back_a_place_for_a_booking() {
        noClasses()
                .that()
                .resideOutsideOfPackages("cn.yuyue.booking..", "cn.yuyue.slot..")
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "SlotInventory claim/confirm/release/returnPlace or LiveBookings hold/settleHold",
                        ArchitectureTest::takesOrGivesBackAPlace))
                .because("a place held for a booking is the booking's: other features call booking's use cases")
                .check(mainClasses);
    }

    private static boolean takesOrGivesBackAPlace(JavaMethodCall call) {
        String name = call.getTarget().getName();
        return call.getTargetOwner().isAssignableTo(SlotInventory.class)
                        && Set.of("claim", "confirm", "release", "returnPlace").contains(name)
                || call.getTargetOwner().isAssignableTo(LiveBookings.class)
                        && Set.of("hold", "settleHold").contains(name);
    }

    @Test
    void feature_packages_have_no_cycles() {
        slices().matching("cn.yuyue.(*)..").should().beFreeOfCycles().check(mainClasses);
    }

    @Test
    void main_code_never_blocks_on_a_publisher() {
        noClasses()
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "Mono/Flux block*()",
                        call -> call.getTarget().getName().startsWith("block")
                                && (call.getTargetOwner().isAssignableTo(reactor.core.publisher.Mono.class)
                                        || call.getTargetOwner().isAssignableTo(reactor.core.publisher.Flux.class))))
                .because("a blocked event-loop thread stalls every request it serves")
                .check(mainClasses);
    }

    @Test
    void reactor_kafka_stays_inside_the_messaging_adapters() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..messaging..", "..persistence..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("reactor.kafka..")
                .because("Reactor Kafka is discontinued upstream; its types must not spread")
                .check(mainClasses);
    }

    @Test
    void background_flows_run_their_periodic_steps_through_periodic_flow() {
        noClasses()
                .that()
                .areAssignableTo(BackgroundFlow.class)
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "Flux.interval(...)",
                        call -> call.getTarget().getName().equals("interval")
                                && call.getTargetOwner().isEquivalentTo(reactor.core.publisher.Flux.class)))
                .because("PeriodicFlow drops ticks that come during a round, times rounds out, logs and counts "
                        + "failures and goes on; a hand-written interval loop forgets one of them")
                .check(mainClasses);
    }

    @Test
    void no_thread_sleep_in_main_code() {
        noClasses().should().callMethod(Thread.class, "sleep", long.class).check(mainClasses);
    }

    /**
     * Development helpers belong on the test classpath (CONTRIBUTING.md): a {@code Dev*} class or a
     * bean that only a profile switches on would ship in the production jar. The built jar itself is
     * checked by ProductionJarIntegrationTest.
     */
    @Test
    void no_development_helper_in_main_code() {
        noClasses()
                .should()
                .haveNameMatching(".*[.$]Dev[A-Z][^.$]*")
                .orShould()
                .beAnnotatedWith(Profile.class)
                .check(mainClasses);
    }
}
