package io.orgspace;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.orgspace.common.CompactItemStore;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md: the API types stand alone, shared code imports no
 * controller, controllers never import each other, no package cycle, one dependent per file.
 */
class ArchitectureTest {
  private static final String ROOT = "io.orgspace";
  private static final List<String> CONTROLLERS =
      List.of("organization", "membership", "project", "environment", "apikey", "webhook");
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  private static String pkg(String name) {
    return ROOT + "." + name + "..";
  }

  private static String[] controllerPackages() {
    return CONTROLLERS.stream().map(ArchitectureTest::pkg).toArray(String[]::new);
  }

  @Test
  void theMainCodeIsThere() {
    // The rules below pass vacuously on an empty import: make sure they have something to check.
    classes().that().resideInAPackage(pkg("api")).should().bePublic().allowEmptyShould(false).check(MAIN);
    classes().that().implement(DependentResource.class).and().areNotInterfaces()
        .should().haveSimpleNameEndingWith("Dependent").allowEmptyShould(false).check(MAIN);
  }

  @Test
  void everyDependentCachesIntoTheCompactStore() {
    // An informer without it caches every object whole, managedFields of all writers included:
    // at 1,000 environments that alone is over a hundred MiB of heap.
    classes().that().areAssignableTo(KubernetesDependentResource.class).and().areNotInterfaces()
        .and().doNotHaveModifier(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
        .should(new ArchCondition<JavaClass>("be annotated @KubernetesDependent with itemStore CompactItemStore") {
          @Override
          public void check(JavaClass item, ConditionEvents events) {
            KubernetesDependent annotation = item.reflect().getAnnotation(KubernetesDependent.class);
            boolean compact = annotation != null && annotation.informer().itemStore() == CompactItemStore.class;
            events.add(new SimpleConditionEvent(item, compact, item.getName() + (compact
                ? " caches into CompactItemStore" : " does not cache into CompactItemStore")));
          }
        }).allowEmptyShould(false).check(MAIN);
  }

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void apiTypesImportNothingElseOfOrgspace() {
    noClasses().that().resideInAPackage(pkg("api"))
        .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(pkg("api")))))
        .check(MAIN);
  }

  @Test
  void commonCodeImportsOnlyTheApi() {
    noClasses().that().resideInAPackage(pkg("common"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("access"), pkg("ssh"), pkg("runtime"))
        .check(MAIN);
  }

  @Test
  void forgeClientsImportOnlyTheApi() {
    noClasses().that().resideInAPackage(pkg("forge"))
        .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(pkg("api"), pkg("forge")))))
        .check(MAIN);
  }

  @Test
  void accessAndSshImportOnlyTheApiAndCommonCode() {
    for (String shared : List.of("access", "ssh")) {
      noClasses().that().resideInAPackage(pkg(shared))
          .should().dependOnClassesThat().resideInAnyPackage(pkg("runtime"), pkg(shared.equals("ssh") ? "access" : "ssh"))
          .check(MAIN);
    }
  }

  @Test
  void sharedPackagesImportNoController() {
    noClasses().that().resideInAnyPackage(pkg("api"), pkg("common"), pkg("access"), pkg("ssh"), pkg("runtime"), pkg("forge"))
        .should().dependOnClassesThat().resideInAnyPackage(controllerPackages())
        .check(MAIN);
  }

  @Test
  void controllersNeverImportEachOther() {
    for (String controller : CONTROLLERS) {
      String[] others = CONTROLLERS.stream().filter(c -> !c.equals(controller)).map(ArchitectureTest::pkg)
          .toArray(String[]::new);
      noClasses().that().resideInAPackage(pkg(controller))
          .should().dependOnClassesThat().resideInAnyPackage(others)
          .check(MAIN);
    }
  }

  @Test
  void oneDependentPerFileNamedAfterWhatItManages() {
    classes().that().implement(DependentResource.class).and().areNotInterfaces()
        .should().beTopLevelClasses()
        .andShould().haveSimpleNameEndingWith("Dependent")
        .andShould(beTheOnlyDependentOfItsSourceFile())
        .check(MAIN);
  }

  @Test
  void workflowConditionsAreNestedInTheirDependent() {
    classes().that().implement(Condition.class)
        .should().beNestedClasses()
        .andShould(beNestedInADependent())
        .check(MAIN);
  }

  private static ArchCondition<JavaClass> beTheOnlyDependentOfItsSourceFile() {
    return new ArchCondition<>("be the only dependent of its source file") {
      @Override
      public void check(JavaClass dependent, ConditionEvents events) {
        String file = dependent.getSource().flatMap(s -> s.getFileName()).orElse(null);
        long inFile = MAIN.stream()
            .filter(c -> c.isAssignableTo(DependentResource.class) && !c.isInterface())
            .filter(c -> c.getPackageName().equals(dependent.getPackageName()))
            .filter(c -> file != null && file.equals(c.getSource().flatMap(s -> s.getFileName()).orElse(null)))
            .count();
        events.add(new SimpleConditionEvent(dependent, inFile == 1,
            dependent.getName() + " shares " + file + " with " + (inFile - 1) + " other dependent(s)"));
      }
    };
  }

  private static ArchCondition<JavaClass> beNestedInADependent() {
    return new ArchCondition<>("be nested in a dependent") {
      @Override
      public void check(JavaClass condition, ConditionEvents events) {
        boolean nested = condition.getEnclosingClass().map(c -> c.isAssignableTo(DependentResource.class)).orElse(false);
        events.add(new SimpleConditionEvent(condition, nested, condition.getName() + " is not nested in a dependent"));
      }
    };
  }
}
