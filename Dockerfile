# Builds the service jar and runs it on a JRE. Tests are not run here: they need PostgreSQL and run in CI
# (./mvnw -B verify); the image only packages what CI has verified.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY escrow-domain escrow-domain
COPY escrow-projections escrow-projections
COPY escrow-api escrow-api
# docs/errors.md is served at /docs/errors, the page every problem document's type links to.
COPY docs docs
RUN ./mvnw -B -q package -DskipTests
# Extracted into plain jars, which start faster than the nested ones and are what a CDS archive needs
# (docs/operations.md, "Start-up").
RUN cp escrow-api/target/escrow-api-*.jar escrow-api.jar \
 && java -Djarmode=tools -jar escrow-api.jar extract --destination /app

FROM eclipse-temurin:17-jre
RUN useradd --system --no-create-home escrow
COPY --from=build /app /app
USER escrow
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/escrow-api.jar"]
